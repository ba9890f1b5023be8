# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_tfsecrets_global_optspecs
    string join \n profile= region= r/retries= retry-mode= verbose mfa-token= min-ttl= fresh h/help V/version
end

function __fish_tfsecrets_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_tfsecrets_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_tfsecrets_using_subcommand
    set -l cmd (__fish_tfsecrets_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c tfsecrets -n "__fish_tfsecrets_needs_command" -l profile -d 'AWS profile to use (default: AWS_PROFILE, then the SDK\'s default chain)' -r
complete -c tfsecrets -n "__fish_tfsecrets_needs_command" -l region -d 'AWS region (default: CHAMBER_AWS_REGION, AWS_REGION, AWS_DEFAULT_REGION, the profile\'s region)' -r
complete -c tfsecrets -n "__fish_tfsecrets_needs_command" -s r -l retries -d 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default' -r
complete -c tfsecrets -n "__fish_tfsecrets_needs_command" -l retry-mode -d 'Retry mode for AWS requests' -r -f -a "standard\t'Exponential backoff with full jitter'
adaptive\t'The same as standard (tfsecrets paces itself after a throttle)'"
complete -c tfsecrets -n "__fish_tfsecrets_needs_command" -l mfa-token -l mfa-code -d 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal' -r
complete -c tfsecrets -n "__fish_tfsecrets_needs_command" -l min-ttl -d 'Least lifetime session credentials must have left; a cached MFA session is renewed below it (e.g. 90m, 1h30m)' -r
complete -c tfsecrets -n "__fish_tfsecrets_needs_command" -l verbose -d 'Print diagnostics on stderr (names and timings, never a secret value)'
complete -c tfsecrets -n "__fish_tfsecrets_needs_command" -l fresh -d 'Ignore a cached MFA session: prompt for a code and replace the cache entry'
complete -c tfsecrets -n "__fish_tfsecrets_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tfsecrets -n "__fish_tfsecrets_needs_command" -s V -l version -d 'Print version'
complete -c tfsecrets -n "__fish_tfsecrets_needs_command" -f -a "write" -d 'Write one secret'
complete -c tfsecrets -n "__fish_tfsecrets_needs_command" -f -a "read" -d 'Read one secret (value and metadata)'
complete -c tfsecrets -n "__fish_tfsecrets_needs_command" -f -a "list" -d 'List a service\'s secrets (values only with -e)'
complete -c tfsecrets -n "__fish_tfsecrets_needs_command" -f -a "history" -d 'Show a secret\'s version history'
complete -c tfsecrets -n "__fish_tfsecrets_needs_command" -f -a "delete" -d 'Delete one secret'
complete -c tfsecrets -n "__fish_tfsecrets_needs_command" -f -a "export" -d 'Export one or more services as JSON, dotenv or tfvars'
complete -c tfsecrets -n "__fish_tfsecrets_needs_command" -f -a "list-services" -d 'List services (and with -s their secrets) under a prefix'
complete -c tfsecrets -n "__fish_tfsecrets_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c tfsecrets -n "__fish_tfsecrets_needs_command" -f -a "exec" -d 'Run a command (terraform, terragrunt, anything) with a service\'s secrets in its environment'
complete -c tfsecrets -n "__fish_tfsecrets_needs_command" -f -a "import" -d 'Store every variable of a .tfvars/.tfvars.json file in SSM, verify, then scrub the file'
complete -c tfsecrets -n "__fish_tfsecrets_needs_command" -f -a "session" -d 'Show the AWS session (role, account, expiry); start an MFA session, export it, or clear it'
complete -c tfsecrets -n "__fish_tfsecrets_needs_command" -f -a "policy" -d 'Print the least-privilege IAM policy for using services (read; --write, --delete)'
complete -c tfsecrets -n "__fish_tfsecrets_needs_command" -f -a "man" -d 'Print the manual page, or write every page into a directory'
complete -c tfsecrets -n "__fish_tfsecrets_needs_command" -f -a "doctor" -d 'Check credentials, session, region, KMS key, SSM access, tools and the module here (one screen)'
complete -c tfsecrets -n "__fish_tfsecrets_needs_command" -f -a "diff" -d 'Compare a tfvars file with a service\'s secrets: new, changed, only stored, equal (names only)'
complete -c tfsecrets -n "__fish_tfsecrets_needs_command" -f -a "scan" -d 'Find where a service\'s secrets are stored in plaintext in terraform\'s state or a saved plan'
complete -c tfsecrets -n "__fish_tfsecrets_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand write" -l tag -d 'Tag for a new secret, `KEY=VALUE`; repeatable' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand write" -l tier -d 'Parameter tier (advanced holds up to 8 KB and is billed)' -r -f -a "standard\t'Account default (normally Standard): at most 4096 bytes'
advanced\t'Advanced parameters: at most 8192 bytes (costs money)'"
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand write" -l profile -d 'AWS profile to use (default: AWS_PROFILE, then the SDK\'s default chain)' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand write" -l region -d 'AWS region (default: CHAMBER_AWS_REGION, AWS_REGION, AWS_DEFAULT_REGION, the profile\'s region)' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand write" -s r -l retries -d 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand write" -l retry-mode -d 'Retry mode for AWS requests' -r -f -a "standard\t'Exponential backoff with full jitter'
adaptive\t'The same as standard (tfsecrets paces itself after a throttle)'"
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand write" -l mfa-token -l mfa-code -d 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand write" -l min-ttl -d 'Least lifetime session credentials must have left; a cached MFA session is renewed below it (e.g. 90m, 1h30m)' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand write" -s s -l singleline -d 'With `-`: read one line from stdin and drop its newline'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand write" -l skip-unchanged -d 'Don\'t write when the stored value is already equal'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand write" -l json -d 'Print the result as JSON'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand write" -l verbose -d 'Print diagnostics on stderr (names and timings, never a secret value)'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand write" -l fresh -d 'Ignore a cached MFA session: prompt for a code and replace the cache entry'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand write" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand read" -s v -l version -d 'chamber version to read (default: latest)' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand read" -l profile -d 'AWS profile to use (default: AWS_PROFILE, then the SDK\'s default chain)' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand read" -l region -d 'AWS region (default: CHAMBER_AWS_REGION, AWS_REGION, AWS_DEFAULT_REGION, the profile\'s region)' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand read" -s r -l retries -d 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand read" -l retry-mode -d 'Retry mode for AWS requests' -r -f -a "standard\t'Exponential backoff with full jitter'
adaptive\t'The same as standard (tfsecrets paces itself after a throttle)'"
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand read" -l mfa-token -l mfa-code -d 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand read" -l min-ttl -d 'Least lifetime session credentials must have left; a cached MFA session is renewed below it (e.g. 90m, 1h30m)' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand read" -s q -l quiet -d 'Print only the value and a newline'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand read" -l json -d 'Print as JSON'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand read" -l verbose -d 'Print diagnostics on stderr (names and timings, never a secret value)'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand read" -l fresh -d 'Ignore a cached MFA session: prompt for a code and replace the cache entry'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand read" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand list" -l profile -d 'AWS profile to use (default: AWS_PROFILE, then the SDK\'s default chain)' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand list" -l region -d 'AWS region (default: CHAMBER_AWS_REGION, AWS_REGION, AWS_DEFAULT_REGION, the profile\'s region)' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand list" -s r -l retries -d 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand list" -l retry-mode -d 'Retry mode for AWS requests' -r -f -a "standard\t'Exponential backoff with full jitter'
adaptive\t'The same as standard (tfsecrets paces itself after a throttle)'"
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand list" -l mfa-token -l mfa-code -d 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand list" -l min-ttl -d 'Least lifetime session credentials must have left; a cached MFA session is renewed below it (e.g. 90m, 1h30m)' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand list" -s e -l expand -d 'Include values'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand list" -s t -l time -d 'Sort by last-modified time'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand list" -s u -l user -d 'Sort by user'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand list" -s v -l version -d 'Sort by version'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand list" -l json -d 'Print as JSON'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand list" -l verbose -d 'Print diagnostics on stderr (names and timings, never a secret value)'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand list" -l fresh -d 'Ignore a cached MFA session: prompt for a code and replace the cache entry'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand history" -l profile -d 'AWS profile to use (default: AWS_PROFILE, then the SDK\'s default chain)' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand history" -l region -d 'AWS region (default: CHAMBER_AWS_REGION, AWS_REGION, AWS_DEFAULT_REGION, the profile\'s region)' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand history" -s r -l retries -d 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand history" -l retry-mode -d 'Retry mode for AWS requests' -r -f -a "standard\t'Exponential backoff with full jitter'
adaptive\t'The same as standard (tfsecrets paces itself after a throttle)'"
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand history" -l mfa-token -l mfa-code -d 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand history" -l min-ttl -d 'Least lifetime session credentials must have left; a cached MFA session is renewed below it (e.g. 90m, 1h30m)' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand history" -l json -d 'Print as JSON'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand history" -l verbose -d 'Print diagnostics on stderr (names and timings, never a secret value)'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand history" -l fresh -d 'Ignore a cached MFA session: prompt for a code and replace the cache entry'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand history" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand delete" -l profile -d 'AWS profile to use (default: AWS_PROFILE, then the SDK\'s default chain)' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand delete" -l region -d 'AWS region (default: CHAMBER_AWS_REGION, AWS_REGION, AWS_DEFAULT_REGION, the profile\'s region)' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand delete" -s r -l retries -d 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand delete" -l retry-mode -d 'Retry mode for AWS requests' -r -f -a "standard\t'Exponential backoff with full jitter'
adaptive\t'The same as standard (tfsecrets paces itself after a throttle)'"
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand delete" -l mfa-token -l mfa-code -d 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand delete" -l min-ttl -d 'Least lifetime session credentials must have left; a cached MFA session is renewed below it (e.g. 90m, 1h30m)' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand delete" -l json -d 'Print the result as JSON'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand delete" -l verbose -d 'Print diagnostics on stderr (names and timings, never a secret value)'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand delete" -l fresh -d 'Ignore a cached MFA session: prompt for a code and replace the cache entry'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand export" -s f -l format -d 'Output format' -r -f -a "json\t'One-line JSON object, keys sorted (chamber-identical)'
dotenv\t'`NAME="value"` lines (chamber-identical)'
tfvars\t'Valid HCL `name = value` lines, collections kept typed'"
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand export" -s o -l output-file -d 'Write to this file (created with mode 0600) instead of stdout' -r -F
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand export" -l profile -d 'AWS profile to use (default: AWS_PROFILE, then the SDK\'s default chain)' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand export" -l region -d 'AWS region (default: CHAMBER_AWS_REGION, AWS_REGION, AWS_DEFAULT_REGION, the profile\'s region)' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand export" -s r -l retries -d 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand export" -l retry-mode -d 'Retry mode for AWS requests' -r -f -a "standard\t'Exponential backoff with full jitter'
adaptive\t'The same as standard (tfsecrets paces itself after a throttle)'"
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand export" -l mfa-token -l mfa-code -d 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand export" -l min-ttl -d 'Least lifetime session credentials must have left; a cached MFA session is renewed below it (e.g. 90m, 1h30m)' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand export" -l verbose -d 'Print diagnostics on stderr (names and timings, never a secret value)'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand export" -l fresh -d 'Ignore a cached MFA session: prompt for a code and replace the cache entry'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand list-services" -l profile -d 'AWS profile to use (default: AWS_PROFILE, then the SDK\'s default chain)' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand list-services" -l region -d 'AWS region (default: CHAMBER_AWS_REGION, AWS_REGION, AWS_DEFAULT_REGION, the profile\'s region)' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand list-services" -s r -l retries -d 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand list-services" -l retry-mode -d 'Retry mode for AWS requests' -r -f -a "standard\t'Exponential backoff with full jitter'
adaptive\t'The same as standard (tfsecrets paces itself after a throttle)'"
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand list-services" -l mfa-token -l mfa-code -d 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand list-services" -l min-ttl -d 'Least lifetime session credentials must have left; a cached MFA session is renewed below it (e.g. 90m, 1h30m)' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand list-services" -s s -l secrets -d 'Include secret names (full paths)'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand list-services" -l json -d 'Print as JSON'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand list-services" -l verbose -d 'Print diagnostics on stderr (names and timings, never a secret value)'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand list-services" -l fresh -d 'Ignore a cached MFA session: prompt for a code and replace the cache entry'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand list-services" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand completions" -l profile -d 'AWS profile to use (default: AWS_PROFILE, then the SDK\'s default chain)' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand completions" -l region -d 'AWS region (default: CHAMBER_AWS_REGION, AWS_REGION, AWS_DEFAULT_REGION, the profile\'s region)' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand completions" -s r -l retries -d 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand completions" -l retry-mode -d 'Retry mode for AWS requests' -r -f -a "standard\t'Exponential backoff with full jitter'
adaptive\t'The same as standard (tfsecrets paces itself after a throttle)'"
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand completions" -l mfa-token -l mfa-code -d 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand completions" -l min-ttl -d 'Least lifetime session credentials must have left; a cached MFA session is renewed below it (e.g. 90m, 1h30m)' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand completions" -l verbose -d 'Print diagnostics on stderr (names and timings, never a secret value)'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand completions" -l fresh -d 'Ignore a cached MFA session: prompt for a code and replace the cache entry'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand exec" -l env-style -d 'Environment variable names' -r -f -a "tf\t'`TF_VAR_<key>` with the key\'s exact case (terraform)'
chamber\t'chamber\'s names: upper-case, `-` → `_` (for non-terraform commands)'
exact\t'The key as is'"
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand exec" -l profile -d 'AWS profile to use (default: AWS_PROFILE, then the SDK\'s default chain)' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand exec" -l region -d 'AWS region (default: CHAMBER_AWS_REGION, AWS_REGION, AWS_DEFAULT_REGION, the profile\'s region)' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand exec" -s r -l retries -d 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand exec" -l retry-mode -d 'Retry mode for AWS requests' -r -f -a "standard\t'Exponential backoff with full jitter'
adaptive\t'The same as standard (tfsecrets paces itself after a throttle)'"
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand exec" -l mfa-token -l mfa-code -d 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand exec" -l min-ttl -d 'Least lifetime session credentials must have left; a cached MFA session is renewed below it (e.g. 90m, 1h30m)' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand exec" -l all -d 'Fetch the whole service even when the module declares its variables'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand exec" -l no-var-check -d 'Don\'t read the module\'s variable blocks: pass every value verbatim'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand exec" -l strict-vars -d 'Make warnings W1/W2 (a secret matching no variable) and W7 (a tfvars file or -var overriding a secret) errors; the codes are explained in README.md ("exec warnings")'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand exec" -l no-clobber -d 'Keep a variable already set in the environment instead of overriding it with the secret'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand exec" -l pristine -d 'Pass only the secrets plus PATH, HOME, TERM, USER, LANG (and the AWS session variables)'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand exec" -l allow-empty -d 'Run the command even when no secret was found'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand exec" -l dry-run -d 'Print the variable names and their encoding (never values) and run nothing'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand exec" -l json -d 'With --dry-run: print the plan as JSON (names, sources, encodings; never values)'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand exec" -l no-aws-env -d 'Leave the child\'s AWS variables as inherited (don\'t export the MFA session, don\'t remove AWS_PROFILE)'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand exec" -l verbose -d 'Print diagnostics on stderr (names and timings, never a secret value)'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand exec" -l fresh -d 'Ignore a cached MFA session: prompt for a code and replace the cache entry'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand exec" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand import" -l only -d 'Import only these variables (comma-separated); the rest stay in the file' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand import" -l except -d 'Import all but these variables (comma-separated)' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand import" -l tag -d 'Tag for new secrets, `KEY=VALUE`; repeatable' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand import" -l tier -d 'Parameter tier (advanced holds up to 8 KB and is billed)' -r -f -a "standard\t'Account default (normally Standard): at most 4096 bytes'
advanced\t'Advanced parameters: at most 8192 bytes (costs money)'"
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand import" -l concurrency -d 'Most SSM writes in flight at once' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand import" -l profile -d 'AWS profile to use (default: AWS_PROFILE, then the SDK\'s default chain)' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand import" -l region -d 'AWS region (default: CHAMBER_AWS_REGION, AWS_REGION, AWS_DEFAULT_REGION, the profile\'s region)' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand import" -s r -l retries -d 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand import" -l retry-mode -d 'Retry mode for AWS requests' -r -f -a "standard\t'Exponential backoff with full jitter'
adaptive\t'The same as standard (tfsecrets paces itself after a throttle)'"
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand import" -l mfa-token -l mfa-code -d 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand import" -l min-ttl -d 'Least lifetime session credentials must have left; a cached MFA session is renewed below it (e.g. 90m, 1h30m)' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand import" -l dry-run -d 'Print the plan (new / changed / unchanged names) and stop'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand import" -l keep -d 'Don\'t scrub the file after importing'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand import" -l json -d 'Print the result as JSON'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand import" -l verbose -d 'Print diagnostics on stderr (names and timings, never a secret value)'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand import" -l fresh -d 'Ignore a cached MFA session: prompt for a code and replace the cache entry'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand session" -l write-profile -d 'Write the session\'s credentials as section [NAME] of the shared credentials file (mode 0600)' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand session" -l profile -d 'AWS profile to use (default: AWS_PROFILE, then the SDK\'s default chain)' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand session" -l region -d 'AWS region (default: CHAMBER_AWS_REGION, AWS_REGION, AWS_DEFAULT_REGION, the profile\'s region)' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand session" -s r -l retries -d 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand session" -l retry-mode -d 'Retry mode for AWS requests' -r -f -a "standard\t'Exponential backoff with full jitter'
adaptive\t'The same as standard (tfsecrets paces itself after a throttle)'"
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand session" -l mfa-token -l mfa-code -d 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand session" -l min-ttl -d 'Least lifetime session credentials must have left; a cached MFA session is renewed below it (e.g. 90m, 1h30m)' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand session" -l json -d 'Print as JSON'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand session" -l export -d 'Print `export AWS_...=...` lines for `eval` (the only output that shows the secret key and token)'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand session" -l clear -d 'Delete this profile\'s cached MFA session (only this machine\'s copy: AWS cannot revoke it)'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand session" -l verbose -d 'Print diagnostics on stderr (names and timings, never a secret value)'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand session" -l fresh -d 'Ignore a cached MFA session: prompt for a code and replace the cache entry'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand session" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand policy" -l kms-key-arn -d 'The KMS key\'s ARN (default: asked from AWS for the alias writes use; else any key carrying the alias)' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand policy" -l account -d 'The 12-digit account id (default: the session\'s, from STS GetCallerIdentity; else *)' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand policy" -l profile -d 'AWS profile to use (default: AWS_PROFILE, then the SDK\'s default chain)' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand policy" -l region -d 'AWS region (default: CHAMBER_AWS_REGION, AWS_REGION, AWS_DEFAULT_REGION, the profile\'s region)' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand policy" -s r -l retries -d 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand policy" -l retry-mode -d 'Retry mode for AWS requests' -r -f -a "standard\t'Exponential backoff with full jitter'
adaptive\t'The same as standard (tfsecrets paces itself after a throttle)'"
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand policy" -l mfa-token -l mfa-code -d 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand policy" -l min-ttl -d 'Least lifetime session credentials must have left; a cached MFA session is renewed below it (e.g. 90m, 1h30m)' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand policy" -l write -d 'Also allow write and import (PutParameter, tags, encryption through SSM)'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand policy" -l delete -d 'Also allow delete (DeleteParameter)'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand policy" -l json -d 'Print the document on one line'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand policy" -l template -d 'Print a terraform templatefile() template for one service instead: ${service}, ${partition}, ${dns_suffix}, ${region}, ${account_id} and ${kms_key_arn} stand for the values (examples/bootstrap)'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand policy" -l verbose -d 'Print diagnostics on stderr (names and timings, never a secret value)'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand policy" -l fresh -d 'Ignore a cached MFA session: prompt for a code and replace the cache entry'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand policy" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand man" -l output-dir -d 'Write tfsecrets.1 and one tfsecrets-<command>.1 per command into this directory (printing their paths)' -r -F
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand man" -l profile -d 'AWS profile to use (default: AWS_PROFILE, then the SDK\'s default chain)' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand man" -l region -d 'AWS region (default: CHAMBER_AWS_REGION, AWS_REGION, AWS_DEFAULT_REGION, the profile\'s region)' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand man" -s r -l retries -d 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand man" -l retry-mode -d 'Retry mode for AWS requests' -r -f -a "standard\t'Exponential backoff with full jitter'
adaptive\t'The same as standard (tfsecrets paces itself after a throttle)'"
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand man" -l mfa-token -l mfa-code -d 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand man" -l min-ttl -d 'Least lifetime session credentials must have left; a cached MFA session is renewed below it (e.g. 90m, 1h30m)' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand man" -l verbose -d 'Print diagnostics on stderr (names and timings, never a secret value)'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand man" -l fresh -d 'Ignore a cached MFA session: prompt for a code and replace the cache entry'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand man" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand doctor" -l profile -d 'AWS profile to use (default: AWS_PROFILE, then the SDK\'s default chain)' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand doctor" -l region -d 'AWS region (default: CHAMBER_AWS_REGION, AWS_REGION, AWS_DEFAULT_REGION, the profile\'s region)' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand doctor" -s r -l retries -d 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand doctor" -l retry-mode -d 'Retry mode for AWS requests' -r -f -a "standard\t'Exponential backoff with full jitter'
adaptive\t'The same as standard (tfsecrets paces itself after a throttle)'"
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand doctor" -l mfa-token -l mfa-code -d 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand doctor" -l min-ttl -d 'Least lifetime session credentials must have left; a cached MFA session is renewed below it (e.g. 90m, 1h30m)' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand doctor" -l json -d 'Print the checks as JSON'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand doctor" -l verbose -d 'Print diagnostics on stderr (names and timings, never a secret value)'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand doctor" -l fresh -d 'Ignore a cached MFA session: prompt for a code and replace the cache entry'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand doctor" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand diff" -l only -d 'Compare only these variables (comma-separated)' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand diff" -l except -d 'Compare all but these variables (comma-separated)' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand diff" -l profile -d 'AWS profile to use (default: AWS_PROFILE, then the SDK\'s default chain)' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand diff" -l region -d 'AWS region (default: CHAMBER_AWS_REGION, AWS_REGION, AWS_DEFAULT_REGION, the profile\'s region)' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand diff" -s r -l retries -d 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand diff" -l retry-mode -d 'Retry mode for AWS requests' -r -f -a "standard\t'Exponential backoff with full jitter'
adaptive\t'The same as standard (tfsecrets paces itself after a throttle)'"
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand diff" -l mfa-token -l mfa-code -d 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand diff" -l min-ttl -d 'Least lifetime session credentials must have left; a cached MFA session is renewed below it (e.g. 90m, 1h30m)' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand diff" -l json -d 'Print the result as JSON'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand diff" -l verbose -d 'Print diagnostics on stderr (names and timings, never a secret value)'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand diff" -l fresh -d 'Ignore a cached MFA session: prompt for a code and replace the cache entry'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand diff" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand scan" -l plan -d 'Scan this saved plan (`terraform show -json FILE`) instead of the current state' -r -F
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand scan" -l state -d 'Scan this state file instead, or `-` for stdin: a raw state (terraform.tfstate, `terraform state pull`) or the output of `terraform show -json`. No terraform needed' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand scan" -l chdir -d 'The root module directory, where terraform runs (default: the current directory)' -r -F
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand scan" -l terraform -d 'The terraform (or tofu) binary that runs `show -json`' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand scan" -l profile -d 'AWS profile to use (default: AWS_PROFILE, then the SDK\'s default chain)' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand scan" -l region -d 'AWS region (default: CHAMBER_AWS_REGION, AWS_REGION, AWS_DEFAULT_REGION, the profile\'s region)' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand scan" -s r -l retries -d 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand scan" -l retry-mode -d 'Retry mode for AWS requests' -r -f -a "standard\t'Exponential backoff with full jitter'
adaptive\t'The same as standard (tfsecrets paces itself after a throttle)'"
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand scan" -l mfa-token -l mfa-code -d 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand scan" -l min-ttl -d 'Least lifetime session credentials must have left; a cached MFA session is renewed below it (e.g. 90m, 1h30m)' -r
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand scan" -l json -d 'Print the report as JSON'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand scan" -l verbose -d 'Print diagnostics on stderr (names and timings, never a secret value)'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand scan" -l fresh -d 'Ignore a cached MFA session: prompt for a code and replace the cache entry'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand scan" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand help; and not __fish_seen_subcommand_from write read list history delete export list-services completions exec import session policy man doctor diff scan help" -f -a "write" -d 'Write one secret'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand help; and not __fish_seen_subcommand_from write read list history delete export list-services completions exec import session policy man doctor diff scan help" -f -a "read" -d 'Read one secret (value and metadata)'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand help; and not __fish_seen_subcommand_from write read list history delete export list-services completions exec import session policy man doctor diff scan help" -f -a "list" -d 'List a service\'s secrets (values only with -e)'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand help; and not __fish_seen_subcommand_from write read list history delete export list-services completions exec import session policy man doctor diff scan help" -f -a "history" -d 'Show a secret\'s version history'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand help; and not __fish_seen_subcommand_from write read list history delete export list-services completions exec import session policy man doctor diff scan help" -f -a "delete" -d 'Delete one secret'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand help; and not __fish_seen_subcommand_from write read list history delete export list-services completions exec import session policy man doctor diff scan help" -f -a "export" -d 'Export one or more services as JSON, dotenv or tfvars'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand help; and not __fish_seen_subcommand_from write read list history delete export list-services completions exec import session policy man doctor diff scan help" -f -a "list-services" -d 'List services (and with -s their secrets) under a prefix'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand help; and not __fish_seen_subcommand_from write read list history delete export list-services completions exec import session policy man doctor diff scan help" -f -a "completions" -d 'Print a shell completion script'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand help; and not __fish_seen_subcommand_from write read list history delete export list-services completions exec import session policy man doctor diff scan help" -f -a "exec" -d 'Run a command (terraform, terragrunt, anything) with a service\'s secrets in its environment'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand help; and not __fish_seen_subcommand_from write read list history delete export list-services completions exec import session policy man doctor diff scan help" -f -a "import" -d 'Store every variable of a .tfvars/.tfvars.json file in SSM, verify, then scrub the file'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand help; and not __fish_seen_subcommand_from write read list history delete export list-services completions exec import session policy man doctor diff scan help" -f -a "session" -d 'Show the AWS session (role, account, expiry); start an MFA session, export it, or clear it'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand help; and not __fish_seen_subcommand_from write read list history delete export list-services completions exec import session policy man doctor diff scan help" -f -a "policy" -d 'Print the least-privilege IAM policy for using services (read; --write, --delete)'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand help; and not __fish_seen_subcommand_from write read list history delete export list-services completions exec import session policy man doctor diff scan help" -f -a "man" -d 'Print the manual page, or write every page into a directory'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand help; and not __fish_seen_subcommand_from write read list history delete export list-services completions exec import session policy man doctor diff scan help" -f -a "doctor" -d 'Check credentials, session, region, KMS key, SSM access, tools and the module here (one screen)'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand help; and not __fish_seen_subcommand_from write read list history delete export list-services completions exec import session policy man doctor diff scan help" -f -a "diff" -d 'Compare a tfvars file with a service\'s secrets: new, changed, only stored, equal (names only)'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand help; and not __fish_seen_subcommand_from write read list history delete export list-services completions exec import session policy man doctor diff scan help" -f -a "scan" -d 'Find where a service\'s secrets are stored in plaintext in terraform\'s state or a saved plan'
complete -c tfsecrets -n "__fish_tfsecrets_using_subcommand help; and not __fish_seen_subcommand_from write read list history delete export list-services completions exec import session policy man doctor diff scan help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
