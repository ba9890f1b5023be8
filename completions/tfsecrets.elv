
use builtin;
use str;

set edit:completion:arg-completer[tfsecrets] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'tfsecrets'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'tfsecrets'= {
            cand --profile 'AWS profile to use (default: AWS_PROFILE, then the SDK''s default chain)'
            cand --region 'AWS region (default: CHAMBER_AWS_REGION, AWS_REGION, AWS_DEFAULT_REGION, the profile''s region)'
            cand -r 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default'
            cand --retries 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default'
            cand --retry-mode 'Retry mode for AWS requests'
            cand --mfa-token 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal'
            cand --mfa-code 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal'
            cand --min-ttl 'Least lifetime session credentials must have left; a cached MFA session is renewed below it (e.g. 90m, 1h30m)'
            cand --verbose 'Print diagnostics on stderr (names and timings, never a secret value)'
            cand --fresh 'Ignore a cached MFA session: prompt for a code and replace the cache entry'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand write 'Write one secret'
            cand read 'Read one secret (value and metadata)'
            cand list 'List a service''s secrets (values only with -e)'
            cand history 'Show a secret''s version history'
            cand delete 'Delete one secret'
            cand export 'Export one or more services as JSON, dotenv or tfvars'
            cand list-services 'List services (and with -s their secrets) under a prefix'
            cand completions 'Print a shell completion script'
            cand exec 'Run a command (terraform, terragrunt, anything) with a service''s secrets in its environment'
            cand import 'Store every variable of a .tfvars/.tfvars.json file in SSM, verify, then scrub the file'
            cand session 'Show the AWS session (role, account, expiry); start an MFA session, export it, or clear it'
            cand policy 'Print the least-privilege IAM policy for using services (read; --write, --delete)'
            cand man 'Print the manual page, or write every page into a directory'
            cand doctor 'Check credentials, session, region, KMS key, SSM access, tools and the module here (one screen)'
            cand diff 'Compare a tfvars file with a service''s secrets: new, changed, only stored, equal (names only)'
            cand scan 'Find where a service''s secrets are stored in plaintext in terraform''s state or a saved plan'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tfsecrets;write'= {
            cand --tag 'Tag for a new secret, `KEY=VALUE`; repeatable'
            cand --tier 'Parameter tier (advanced holds up to 8 KB and is billed)'
            cand --profile 'AWS profile to use (default: AWS_PROFILE, then the SDK''s default chain)'
            cand --region 'AWS region (default: CHAMBER_AWS_REGION, AWS_REGION, AWS_DEFAULT_REGION, the profile''s region)'
            cand -r 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default'
            cand --retries 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default'
            cand --retry-mode 'Retry mode for AWS requests'
            cand --mfa-token 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal'
            cand --mfa-code 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal'
            cand --min-ttl 'Least lifetime session credentials must have left; a cached MFA session is renewed below it (e.g. 90m, 1h30m)'
            cand -s 'With `-`: read one line from stdin and drop its newline'
            cand --singleline 'With `-`: read one line from stdin and drop its newline'
            cand --skip-unchanged 'Don''t write when the stored value is already equal'
            cand --json 'Print the result as JSON'
            cand --verbose 'Print diagnostics on stderr (names and timings, never a secret value)'
            cand --fresh 'Ignore a cached MFA session: prompt for a code and replace the cache entry'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'tfsecrets;read'= {
            cand -v 'chamber version to read (default: latest)'
            cand --version 'chamber version to read (default: latest)'
            cand --profile 'AWS profile to use (default: AWS_PROFILE, then the SDK''s default chain)'
            cand --region 'AWS region (default: CHAMBER_AWS_REGION, AWS_REGION, AWS_DEFAULT_REGION, the profile''s region)'
            cand -r 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default'
            cand --retries 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default'
            cand --retry-mode 'Retry mode for AWS requests'
            cand --mfa-token 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal'
            cand --mfa-code 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal'
            cand --min-ttl 'Least lifetime session credentials must have left; a cached MFA session is renewed below it (e.g. 90m, 1h30m)'
            cand -q 'Print only the value and a newline'
            cand --quiet 'Print only the value and a newline'
            cand --json 'Print as JSON'
            cand --verbose 'Print diagnostics on stderr (names and timings, never a secret value)'
            cand --fresh 'Ignore a cached MFA session: prompt for a code and replace the cache entry'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'tfsecrets;list'= {
            cand --profile 'AWS profile to use (default: AWS_PROFILE, then the SDK''s default chain)'
            cand --region 'AWS region (default: CHAMBER_AWS_REGION, AWS_REGION, AWS_DEFAULT_REGION, the profile''s region)'
            cand -r 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default'
            cand --retries 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default'
            cand --retry-mode 'Retry mode for AWS requests'
            cand --mfa-token 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal'
            cand --mfa-code 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal'
            cand --min-ttl 'Least lifetime session credentials must have left; a cached MFA session is renewed below it (e.g. 90m, 1h30m)'
            cand -e 'Include values'
            cand --expand 'Include values'
            cand -t 'Sort by last-modified time'
            cand --time 'Sort by last-modified time'
            cand -u 'Sort by user'
            cand --user 'Sort by user'
            cand -v 'Sort by version'
            cand --version 'Sort by version'
            cand --json 'Print as JSON'
            cand --verbose 'Print diagnostics on stderr (names and timings, never a secret value)'
            cand --fresh 'Ignore a cached MFA session: prompt for a code and replace the cache entry'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'tfsecrets;history'= {
            cand --profile 'AWS profile to use (default: AWS_PROFILE, then the SDK''s default chain)'
            cand --region 'AWS region (default: CHAMBER_AWS_REGION, AWS_REGION, AWS_DEFAULT_REGION, the profile''s region)'
            cand -r 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default'
            cand --retries 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default'
            cand --retry-mode 'Retry mode for AWS requests'
            cand --mfa-token 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal'
            cand --mfa-code 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal'
            cand --min-ttl 'Least lifetime session credentials must have left; a cached MFA session is renewed below it (e.g. 90m, 1h30m)'
            cand --json 'Print as JSON'
            cand --verbose 'Print diagnostics on stderr (names and timings, never a secret value)'
            cand --fresh 'Ignore a cached MFA session: prompt for a code and replace the cache entry'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'tfsecrets;delete'= {
            cand --profile 'AWS profile to use (default: AWS_PROFILE, then the SDK''s default chain)'
            cand --region 'AWS region (default: CHAMBER_AWS_REGION, AWS_REGION, AWS_DEFAULT_REGION, the profile''s region)'
            cand -r 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default'
            cand --retries 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default'
            cand --retry-mode 'Retry mode for AWS requests'
            cand --mfa-token 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal'
            cand --mfa-code 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal'
            cand --min-ttl 'Least lifetime session credentials must have left; a cached MFA session is renewed below it (e.g. 90m, 1h30m)'
            cand --json 'Print the result as JSON'
            cand --verbose 'Print diagnostics on stderr (names and timings, never a secret value)'
            cand --fresh 'Ignore a cached MFA session: prompt for a code and replace the cache entry'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'tfsecrets;export'= {
            cand -f 'Output format'
            cand --format 'Output format'
            cand -o 'Write to this file (created with mode 0600) instead of stdout'
            cand --output-file 'Write to this file (created with mode 0600) instead of stdout'
            cand --profile 'AWS profile to use (default: AWS_PROFILE, then the SDK''s default chain)'
            cand --region 'AWS region (default: CHAMBER_AWS_REGION, AWS_REGION, AWS_DEFAULT_REGION, the profile''s region)'
            cand -r 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default'
            cand --retries 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default'
            cand --retry-mode 'Retry mode for AWS requests'
            cand --mfa-token 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal'
            cand --mfa-code 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal'
            cand --min-ttl 'Least lifetime session credentials must have left; a cached MFA session is renewed below it (e.g. 90m, 1h30m)'
            cand --verbose 'Print diagnostics on stderr (names and timings, never a secret value)'
            cand --fresh 'Ignore a cached MFA session: prompt for a code and replace the cache entry'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'tfsecrets;list-services'= {
            cand --profile 'AWS profile to use (default: AWS_PROFILE, then the SDK''s default chain)'
            cand --region 'AWS region (default: CHAMBER_AWS_REGION, AWS_REGION, AWS_DEFAULT_REGION, the profile''s region)'
            cand -r 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default'
            cand --retries 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default'
            cand --retry-mode 'Retry mode for AWS requests'
            cand --mfa-token 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal'
            cand --mfa-code 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal'
            cand --min-ttl 'Least lifetime session credentials must have left; a cached MFA session is renewed below it (e.g. 90m, 1h30m)'
            cand -s 'Include secret names (full paths)'
            cand --secrets 'Include secret names (full paths)'
            cand --json 'Print as JSON'
            cand --verbose 'Print diagnostics on stderr (names and timings, never a secret value)'
            cand --fresh 'Ignore a cached MFA session: prompt for a code and replace the cache entry'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'tfsecrets;completions'= {
            cand --profile 'AWS profile to use (default: AWS_PROFILE, then the SDK''s default chain)'
            cand --region 'AWS region (default: CHAMBER_AWS_REGION, AWS_REGION, AWS_DEFAULT_REGION, the profile''s region)'
            cand -r 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default'
            cand --retries 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default'
            cand --retry-mode 'Retry mode for AWS requests'
            cand --mfa-token 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal'
            cand --mfa-code 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal'
            cand --min-ttl 'Least lifetime session credentials must have left; a cached MFA session is renewed below it (e.g. 90m, 1h30m)'
            cand --verbose 'Print diagnostics on stderr (names and timings, never a secret value)'
            cand --fresh 'Ignore a cached MFA session: prompt for a code and replace the cache entry'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'tfsecrets;exec'= {
            cand --env-style 'Environment variable names'
            cand --profile 'AWS profile to use (default: AWS_PROFILE, then the SDK''s default chain)'
            cand --region 'AWS region (default: CHAMBER_AWS_REGION, AWS_REGION, AWS_DEFAULT_REGION, the profile''s region)'
            cand -r 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default'
            cand --retries 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default'
            cand --retry-mode 'Retry mode for AWS requests'
            cand --mfa-token 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal'
            cand --mfa-code 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal'
            cand --min-ttl 'Least lifetime session credentials must have left; a cached MFA session is renewed below it (e.g. 90m, 1h30m)'
            cand --all 'Fetch the whole service even when the module declares its variables'
            cand --no-var-check 'Don''t read the module''s variable blocks: pass every value verbatim'
            cand --strict-vars 'Make warnings W1/W2 (a secret matching no variable) and W7 (a tfvars file or -var overriding a secret) errors; the codes are explained in README.md ("exec warnings")'
            cand --no-clobber 'Keep a variable already set in the environment instead of overriding it with the secret'
            cand --pristine 'Pass only the secrets plus PATH, HOME, TERM, USER, LANG (and the AWS session variables)'
            cand --allow-empty 'Run the command even when no secret was found'
            cand --dry-run 'Print the variable names and their encoding (never values) and run nothing'
            cand --json 'With --dry-run: print the plan as JSON (names, sources, encodings; never values)'
            cand --no-aws-env 'Leave the child''s AWS variables as inherited (don''t export the MFA session, don''t remove AWS_PROFILE)'
            cand --verbose 'Print diagnostics on stderr (names and timings, never a secret value)'
            cand --fresh 'Ignore a cached MFA session: prompt for a code and replace the cache entry'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'tfsecrets;import'= {
            cand --only 'Import only these variables (comma-separated); the rest stay in the file'
            cand --except 'Import all but these variables (comma-separated)'
            cand --tag 'Tag for new secrets, `KEY=VALUE`; repeatable'
            cand --tier 'Parameter tier (advanced holds up to 8 KB and is billed)'
            cand --concurrency 'Most SSM writes in flight at once'
            cand --profile 'AWS profile to use (default: AWS_PROFILE, then the SDK''s default chain)'
            cand --region 'AWS region (default: CHAMBER_AWS_REGION, AWS_REGION, AWS_DEFAULT_REGION, the profile''s region)'
            cand -r 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default'
            cand --retries 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default'
            cand --retry-mode 'Retry mode for AWS requests'
            cand --mfa-token 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal'
            cand --mfa-code 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal'
            cand --min-ttl 'Least lifetime session credentials must have left; a cached MFA session is renewed below it (e.g. 90m, 1h30m)'
            cand --dry-run 'Print the plan (new / changed / unchanged names) and stop'
            cand --keep 'Don''t scrub the file after importing'
            cand --json 'Print the result as JSON'
            cand --verbose 'Print diagnostics on stderr (names and timings, never a secret value)'
            cand --fresh 'Ignore a cached MFA session: prompt for a code and replace the cache entry'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'tfsecrets;session'= {
            cand --write-profile 'Write the session''s credentials as section [NAME] of the shared credentials file (mode 0600)'
            cand --profile 'AWS profile to use (default: AWS_PROFILE, then the SDK''s default chain)'
            cand --region 'AWS region (default: CHAMBER_AWS_REGION, AWS_REGION, AWS_DEFAULT_REGION, the profile''s region)'
            cand -r 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default'
            cand --retries 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default'
            cand --retry-mode 'Retry mode for AWS requests'
            cand --mfa-token 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal'
            cand --mfa-code 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal'
            cand --min-ttl 'Least lifetime session credentials must have left; a cached MFA session is renewed below it (e.g. 90m, 1h30m)'
            cand --json 'Print as JSON'
            cand --export 'Print `export AWS_...=...` lines for `eval` (the only output that shows the secret key and token)'
            cand --clear 'Delete this profile''s cached MFA session (only this machine''s copy: AWS cannot revoke it)'
            cand --verbose 'Print diagnostics on stderr (names and timings, never a secret value)'
            cand --fresh 'Ignore a cached MFA session: prompt for a code and replace the cache entry'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'tfsecrets;policy'= {
            cand --kms-key-arn 'The KMS key''s ARN (default: asked from AWS for the alias writes use; else any key carrying the alias)'
            cand --account 'The 12-digit account id (default: the session''s, from STS GetCallerIdentity; else *)'
            cand --profile 'AWS profile to use (default: AWS_PROFILE, then the SDK''s default chain)'
            cand --region 'AWS region (default: CHAMBER_AWS_REGION, AWS_REGION, AWS_DEFAULT_REGION, the profile''s region)'
            cand -r 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default'
            cand --retries 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default'
            cand --retry-mode 'Retry mode for AWS requests'
            cand --mfa-token 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal'
            cand --mfa-code 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal'
            cand --min-ttl 'Least lifetime session credentials must have left; a cached MFA session is renewed below it (e.g. 90m, 1h30m)'
            cand --write 'Also allow write and import (PutParameter, tags, encryption through SSM)'
            cand --delete 'Also allow delete (DeleteParameter)'
            cand --json 'Print the document on one line'
            cand --template 'Print a terraform templatefile() template for one service instead: ${service}, ${partition}, ${dns_suffix}, ${region}, ${account_id} and ${kms_key_arn} stand for the values (examples/bootstrap)'
            cand --verbose 'Print diagnostics on stderr (names and timings, never a secret value)'
            cand --fresh 'Ignore a cached MFA session: prompt for a code and replace the cache entry'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'tfsecrets;man'= {
            cand --output-dir 'Write tfsecrets.1 and one tfsecrets-<command>.1 per command into this directory (printing their paths)'
            cand --profile 'AWS profile to use (default: AWS_PROFILE, then the SDK''s default chain)'
            cand --region 'AWS region (default: CHAMBER_AWS_REGION, AWS_REGION, AWS_DEFAULT_REGION, the profile''s region)'
            cand -r 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default'
            cand --retries 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default'
            cand --retry-mode 'Retry mode for AWS requests'
            cand --mfa-token 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal'
            cand --mfa-code 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal'
            cand --min-ttl 'Least lifetime session credentials must have left; a cached MFA session is renewed below it (e.g. 90m, 1h30m)'
            cand --verbose 'Print diagnostics on stderr (names and timings, never a secret value)'
            cand --fresh 'Ignore a cached MFA session: prompt for a code and replace the cache entry'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'tfsecrets;doctor'= {
            cand --profile 'AWS profile to use (default: AWS_PROFILE, then the SDK''s default chain)'
            cand --region 'AWS region (default: CHAMBER_AWS_REGION, AWS_REGION, AWS_DEFAULT_REGION, the profile''s region)'
            cand -r 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default'
            cand --retries 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default'
            cand --retry-mode 'Retry mode for AWS requests'
            cand --mfa-token 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal'
            cand --mfa-code 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal'
            cand --min-ttl 'Least lifetime session credentials must have left; a cached MFA session is renewed below it (e.g. 90m, 1h30m)'
            cand --json 'Print the checks as JSON'
            cand --verbose 'Print diagnostics on stderr (names and timings, never a secret value)'
            cand --fresh 'Ignore a cached MFA session: prompt for a code and replace the cache entry'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'tfsecrets;diff'= {
            cand --only 'Compare only these variables (comma-separated)'
            cand --except 'Compare all but these variables (comma-separated)'
            cand --profile 'AWS profile to use (default: AWS_PROFILE, then the SDK''s default chain)'
            cand --region 'AWS region (default: CHAMBER_AWS_REGION, AWS_REGION, AWS_DEFAULT_REGION, the profile''s region)'
            cand -r 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default'
            cand --retries 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default'
            cand --retry-mode 'Retry mode for AWS requests'
            cand --mfa-token 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal'
            cand --mfa-code 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal'
            cand --min-ttl 'Least lifetime session credentials must have left; a cached MFA session is renewed below it (e.g. 90m, 1h30m)'
            cand --json 'Print the result as JSON'
            cand --verbose 'Print diagnostics on stderr (names and timings, never a secret value)'
            cand --fresh 'Ignore a cached MFA session: prompt for a code and replace the cache entry'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'tfsecrets;scan'= {
            cand --plan 'Scan this saved plan (`terraform show -json FILE`) instead of the current state'
            cand --state 'Scan this state file instead, or `-` for stdin: a raw state (terraform.tfstate, `terraform state pull`) or the output of `terraform show -json`. No terraform needed'
            cand --chdir 'The root module directory, where terraform runs (default: the current directory)'
            cand --terraform 'The terraform (or tofu) binary that runs `show -json`'
            cand --profile 'AWS profile to use (default: AWS_PROFILE, then the SDK''s default chain)'
            cand --region 'AWS region (default: CHAMBER_AWS_REGION, AWS_REGION, AWS_DEFAULT_REGION, the profile''s region)'
            cand -r 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default'
            cand --retries 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default'
            cand --retry-mode 'Retry mode for AWS requests'
            cand --mfa-token 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal'
            cand --mfa-code 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal'
            cand --min-ttl 'Least lifetime session credentials must have left; a cached MFA session is renewed below it (e.g. 90m, 1h30m)'
            cand --json 'Print the report as JSON'
            cand --verbose 'Print diagnostics on stderr (names and timings, never a secret value)'
            cand --fresh 'Ignore a cached MFA session: prompt for a code and replace the cache entry'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'tfsecrets;help'= {
            cand write 'Write one secret'
            cand read 'Read one secret (value and metadata)'
            cand list 'List a service''s secrets (values only with -e)'
            cand history 'Show a secret''s version history'
            cand delete 'Delete one secret'
            cand export 'Export one or more services as JSON, dotenv or tfvars'
            cand list-services 'List services (and with -s their secrets) under a prefix'
            cand completions 'Print a shell completion script'
            cand exec 'Run a command (terraform, terragrunt, anything) with a service''s secrets in its environment'
            cand import 'Store every variable of a .tfvars/.tfvars.json file in SSM, verify, then scrub the file'
            cand session 'Show the AWS session (role, account, expiry); start an MFA session, export it, or clear it'
            cand policy 'Print the least-privilege IAM policy for using services (read; --write, --delete)'
            cand man 'Print the manual page, or write every page into a directory'
            cand doctor 'Check credentials, session, region, KMS key, SSM access, tools and the module here (one screen)'
            cand diff 'Compare a tfvars file with a service''s secrets: new, changed, only stored, equal (names only)'
            cand scan 'Find where a service''s secrets are stored in plaintext in terraform''s state or a saved plan'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tfsecrets;help;write'= {
        }
        &'tfsecrets;help;read'= {
        }
        &'tfsecrets;help;list'= {
        }
        &'tfsecrets;help;history'= {
        }
        &'tfsecrets;help;delete'= {
        }
        &'tfsecrets;help;export'= {
        }
        &'tfsecrets;help;list-services'= {
        }
        &'tfsecrets;help;completions'= {
        }
        &'tfsecrets;help;exec'= {
        }
        &'tfsecrets;help;import'= {
        }
        &'tfsecrets;help;session'= {
        }
        &'tfsecrets;help;policy'= {
        }
        &'tfsecrets;help;man'= {
        }
        &'tfsecrets;help;doctor'= {
        }
        &'tfsecrets;help;diff'= {
        }
        &'tfsecrets;help;scan'= {
        }
        &'tfsecrets;help;help'= {
        }
    ]
    $completions[$command]
}
