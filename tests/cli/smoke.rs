use crate::support as common;

#[test]
fn write_then_read_quiet() {
    let env = moto_or_skip!();
    let svc = env.service("smoke");
    env.cmd().args(["write", &svc, "db_password", "s3cr3t"]).assert().success();
    let a = env.cmd().args(["read", "-q", &svc, "db_password"]).assert().success();
    assert_eq!(common::stdout_of(&a), "s3cr3t\n");
    let d = env.boto(&["describe", &format!("/{svc}/db_password")]);
    assert_eq!(d["Type"], "SecureString");
    assert_eq!(d["Description"], "1");
    assert_eq!(d["KeyId"], "alias/parameter_store_key");
}
