//! TEMP stub
pub mod listing { use crate::secret::Secret; use chrono::{DateTime,Utc};
pub struct Row { pub key: String, pub version: i64, pub last_modified: Option<DateTime<Utc>>, pub user: Option<String>, pub value: Option<Secret>, pub name: String }
pub struct HistoryRow { pub version: i64, pub date: Option<DateTime<Utc>>, pub user: Option<String> }
pub fn list_table(_r: &[Row], _e: bool) -> String { todo!() }
pub fn read_table(_k: &str, _v: &Secret, _ver: i64, _t: Option<DateTime<Utc>>, _u: Option<&str>) -> String { todo!() }
pub fn history_table(_r: &[HistoryRow]) -> String { todo!() }
pub fn sort_rows(_r: &mut Vec<Row>, _a: bool, _b: bool, _c: bool) {}
}
pub mod json { use crate::secret::Secret; pub fn export_json(_m: &[(String, Secret)]) -> String { todo!() } }
pub mod dotenv { use crate::secret::Secret; pub fn export_dotenv(_m: &[(String, Secret)]) -> Result<String, String> { todo!() } }
pub mod tfvars_export { use crate::secret::Secret; pub fn export_tfvars(_m: &[(String, Secret)]) -> String { todo!() } }
pub mod table { pub struct TabWriter; impl TabWriter { pub fn new() -> Self { TabWriter } pub fn write_str(&mut self, _s: &str) {} pub fn finish(self) -> String { todo!() } } }
