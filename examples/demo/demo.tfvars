# Demo secrets. `tfsecrets import demo demo.tfvars` moves them to SSM and scrubs this file.

# The database password
db_password = "correct horse battery staple"
db_port     = 5432
tls_enabled = true

allowed_cidrs = ["10.0.0.0/16", "192.168.1.0/24"]

api_keys = {
  stripe  = "sk_test_demo"
  mailgun = "key-demo"
}

database = {
  host     = "db.internal"
  replicas = 2
}

# Not a secret; stays in the file.
environment = null
