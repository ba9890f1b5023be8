//! Region resolution off EC2: IMDS must not add seconds (docs/sessions.md §7).

use crate::support as common;
use crate::support::session as sess;

fn no_region_run(w: &sess::World, imds: &str) -> crate::support::Out {
    let mut c = w.std_cmd(&["list", "--json", "x"]);
    c.env_remove("AWS_REGION")
        .env_remove("AWS_EC2_METADATA_DISABLED")
        .env("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds)
        .env("AWS_ACCESS_KEY_ID", "AKIAENV")
        .env("AWS_SECRET_ACCESS_KEY", "s");
    common::detached(c, None)
}

#[test]
fn closed_imds_port_costs_little() {
    let w = world_or_skip!();
    let port = common::free_port();
    let out = no_region_run(&w, &format!("http://127.0.0.1:{port}")).fails(78);
    assert!(out.stderr.contains("no AWS region"), "{}", out.stderr);
    assert!(out.elapsed < std::time::Duration::from_millis(500), "took {:?}", out.elapsed);
}

#[test]
fn silent_imds_listener_is_bounded() {
    let w = world_or_skip!();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    // Accept and hold connections without ever answering.
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for c in listener.incoming() {
            held.push(c);
        }
    });
    let out = no_region_run(&w, &url).fails(78);
    assert!(out.stderr.contains("no AWS region"), "{}", out.stderr);
    assert!(out.elapsed < std::time::Duration::from_millis(2500), "took {:?}", out.elapsed);
}
