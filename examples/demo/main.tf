# A root module that receives its secrets from `tfsecrets exec demo -- terraform apply`.
# No providers: it runs offline. The outputs show what terraform received without printing a secret.

variable "db_password" {
  type      = string
  sensitive = true
}

variable "db_port" {
  type      = number
  sensitive = true
}

variable "tls_enabled" {
  type      = bool
  sensitive = true
}

variable "allowed_cidrs" {
  type      = list(string)
  sensitive = true
}

variable "api_keys" {
  type      = map(string)
  sensitive = true
}

variable "database" {
  type = object({
    host     = string
    replicas = number
  })
  sensitive = true
}

output "db_password_length" {
  value = length(nonsensitive(var.db_password))
}

output "db_password_sha256" {
  value = sha256(nonsensitive(var.db_password))
}

output "db_port_plus_one" {
  value = nonsensitive(var.db_port) + 1
}

output "tls_enabled" {
  value = nonsensitive(var.tls_enabled)
}

output "allowed_cidrs_count" {
  value = length(nonsensitive(var.allowed_cidrs))
}

output "api_key_names" {
  value = sort(keys(nonsensitive(var.api_keys)))
}

output "database_replicas" {
  value = nonsensitive(var.database.replicas)
}
