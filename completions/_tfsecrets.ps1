
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'tfsecrets' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'tfsecrets'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'tfsecrets' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to use (default: AWS_PROFILE, then the SDK''s default chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (default: CHAMBER_AWS_REGION, AWS_REGION, AWS_DEFAULT_REGION, the profile''s region)')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'Retry mode for AWS requests')
            [CompletionResult]::new('--mfa-token', '--mfa-token', [CompletionResultType]::ParameterName, 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal')
            [CompletionResult]::new('--mfa-code', '--mfa-code', [CompletionResultType]::ParameterName, 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Least lifetime session credentials must have left; a cached MFA session is renewed below it (e.g. 90m, 1h30m)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print diagnostics on stderr (names and timings, never a secret value)')
            [CompletionResult]::new('--fresh', '--fresh', [CompletionResultType]::ParameterName, 'Ignore a cached MFA session: prompt for a code and replace the cache entry')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('write', 'write', [CompletionResultType]::ParameterValue, 'Write one secret')
            [CompletionResult]::new('read', 'read', [CompletionResultType]::ParameterValue, 'Read one secret (value and metadata)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List a service''s secrets (values only with -e)')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Show a secret''s version history')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete one secret')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Export one or more services as JSON, dotenv or tfvars')
            [CompletionResult]::new('list-services', 'list-services', [CompletionResultType]::ParameterValue, 'List services (and with -s their secrets) under a prefix')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('exec', 'exec', [CompletionResultType]::ParameterValue, 'Run a command (terraform, terragrunt, anything) with a service''s secrets in its environment')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Store every variable of a .tfvars/.tfvars.json file in SSM, verify, then scrub the file')
            [CompletionResult]::new('session', 'session', [CompletionResultType]::ParameterValue, 'Show the AWS session (role, account, expiry); start an MFA session, export it, or clear it')
            [CompletionResult]::new('policy', 'policy', [CompletionResultType]::ParameterValue, 'Print the least-privilege IAM policy for using services (read; --write, --delete)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the manual page, or write every page into a directory')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check credentials, session, region, KMS key, SSM access, tools and the module here (one screen)')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Compare a tfvars file with a service''s secrets: new, changed, only stored, equal (names only)')
            [CompletionResult]::new('scan', 'scan', [CompletionResultType]::ParameterValue, 'Find where a service''s secrets are stored in plaintext in terraform''s state or a saved plan')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tfsecrets;write' {
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Tag for a new secret, `KEY=VALUE`; repeatable')
            [CompletionResult]::new('--tier', '--tier', [CompletionResultType]::ParameterName, 'Parameter tier (advanced holds up to 8 KB and is billed)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to use (default: AWS_PROFILE, then the SDK''s default chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (default: CHAMBER_AWS_REGION, AWS_REGION, AWS_DEFAULT_REGION, the profile''s region)')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'Retry mode for AWS requests')
            [CompletionResult]::new('--mfa-token', '--mfa-token', [CompletionResultType]::ParameterName, 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal')
            [CompletionResult]::new('--mfa-code', '--mfa-code', [CompletionResultType]::ParameterName, 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Least lifetime session credentials must have left; a cached MFA session is renewed below it (e.g. 90m, 1h30m)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'With `-`: read one line from stdin and drop its newline')
            [CompletionResult]::new('--singleline', '--singleline', [CompletionResultType]::ParameterName, 'With `-`: read one line from stdin and drop its newline')
            [CompletionResult]::new('--skip-unchanged', '--skip-unchanged', [CompletionResultType]::ParameterName, 'Don''t write when the stored value is already equal')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as JSON')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print diagnostics on stderr (names and timings, never a secret value)')
            [CompletionResult]::new('--fresh', '--fresh', [CompletionResultType]::ParameterName, 'Ignore a cached MFA session: prompt for a code and replace the cache entry')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'tfsecrets;read' {
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'chamber version to read (default: latest)')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'chamber version to read (default: latest)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to use (default: AWS_PROFILE, then the SDK''s default chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (default: CHAMBER_AWS_REGION, AWS_REGION, AWS_DEFAULT_REGION, the profile''s region)')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'Retry mode for AWS requests')
            [CompletionResult]::new('--mfa-token', '--mfa-token', [CompletionResultType]::ParameterName, 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal')
            [CompletionResult]::new('--mfa-code', '--mfa-code', [CompletionResultType]::ParameterName, 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Least lifetime session credentials must have left; a cached MFA session is renewed below it (e.g. 90m, 1h30m)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only the value and a newline')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only the value and a newline')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print as JSON')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print diagnostics on stderr (names and timings, never a secret value)')
            [CompletionResult]::new('--fresh', '--fresh', [CompletionResultType]::ParameterName, 'Ignore a cached MFA session: prompt for a code and replace the cache entry')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'tfsecrets;list' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to use (default: AWS_PROFILE, then the SDK''s default chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (default: CHAMBER_AWS_REGION, AWS_REGION, AWS_DEFAULT_REGION, the profile''s region)')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'Retry mode for AWS requests')
            [CompletionResult]::new('--mfa-token', '--mfa-token', [CompletionResultType]::ParameterName, 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal')
            [CompletionResult]::new('--mfa-code', '--mfa-code', [CompletionResultType]::ParameterName, 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Least lifetime session credentials must have left; a cached MFA session is renewed below it (e.g. 90m, 1h30m)')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Include values')
            [CompletionResult]::new('--expand', '--expand', [CompletionResultType]::ParameterName, 'Include values')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Sort by last-modified time')
            [CompletionResult]::new('--time', '--time', [CompletionResultType]::ParameterName, 'Sort by last-modified time')
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'Sort by user')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Sort by user')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Sort by version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Sort by version')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print as JSON')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print diagnostics on stderr (names and timings, never a secret value)')
            [CompletionResult]::new('--fresh', '--fresh', [CompletionResultType]::ParameterName, 'Ignore a cached MFA session: prompt for a code and replace the cache entry')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'tfsecrets;history' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to use (default: AWS_PROFILE, then the SDK''s default chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (default: CHAMBER_AWS_REGION, AWS_REGION, AWS_DEFAULT_REGION, the profile''s region)')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'Retry mode for AWS requests')
            [CompletionResult]::new('--mfa-token', '--mfa-token', [CompletionResultType]::ParameterName, 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal')
            [CompletionResult]::new('--mfa-code', '--mfa-code', [CompletionResultType]::ParameterName, 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Least lifetime session credentials must have left; a cached MFA session is renewed below it (e.g. 90m, 1h30m)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print as JSON')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print diagnostics on stderr (names and timings, never a secret value)')
            [CompletionResult]::new('--fresh', '--fresh', [CompletionResultType]::ParameterName, 'Ignore a cached MFA session: prompt for a code and replace the cache entry')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'tfsecrets;delete' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to use (default: AWS_PROFILE, then the SDK''s default chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (default: CHAMBER_AWS_REGION, AWS_REGION, AWS_DEFAULT_REGION, the profile''s region)')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'Retry mode for AWS requests')
            [CompletionResult]::new('--mfa-token', '--mfa-token', [CompletionResultType]::ParameterName, 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal')
            [CompletionResult]::new('--mfa-code', '--mfa-code', [CompletionResultType]::ParameterName, 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Least lifetime session credentials must have left; a cached MFA session is renewed below it (e.g. 90m, 1h30m)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as JSON')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print diagnostics on stderr (names and timings, never a secret value)')
            [CompletionResult]::new('--fresh', '--fresh', [CompletionResultType]::ParameterName, 'Ignore a cached MFA session: prompt for a code and replace the cache entry')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'tfsecrets;export' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to this file (created with mode 0600) instead of stdout')
            [CompletionResult]::new('--output-file', '--output-file', [CompletionResultType]::ParameterName, 'Write to this file (created with mode 0600) instead of stdout')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to use (default: AWS_PROFILE, then the SDK''s default chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (default: CHAMBER_AWS_REGION, AWS_REGION, AWS_DEFAULT_REGION, the profile''s region)')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'Retry mode for AWS requests')
            [CompletionResult]::new('--mfa-token', '--mfa-token', [CompletionResultType]::ParameterName, 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal')
            [CompletionResult]::new('--mfa-code', '--mfa-code', [CompletionResultType]::ParameterName, 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Least lifetime session credentials must have left; a cached MFA session is renewed below it (e.g. 90m, 1h30m)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print diagnostics on stderr (names and timings, never a secret value)')
            [CompletionResult]::new('--fresh', '--fresh', [CompletionResultType]::ParameterName, 'Ignore a cached MFA session: prompt for a code and replace the cache entry')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'tfsecrets;list-services' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to use (default: AWS_PROFILE, then the SDK''s default chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (default: CHAMBER_AWS_REGION, AWS_REGION, AWS_DEFAULT_REGION, the profile''s region)')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'Retry mode for AWS requests')
            [CompletionResult]::new('--mfa-token', '--mfa-token', [CompletionResultType]::ParameterName, 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal')
            [CompletionResult]::new('--mfa-code', '--mfa-code', [CompletionResultType]::ParameterName, 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Least lifetime session credentials must have left; a cached MFA session is renewed below it (e.g. 90m, 1h30m)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Include secret names (full paths)')
            [CompletionResult]::new('--secrets', '--secrets', [CompletionResultType]::ParameterName, 'Include secret names (full paths)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print as JSON')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print diagnostics on stderr (names and timings, never a secret value)')
            [CompletionResult]::new('--fresh', '--fresh', [CompletionResultType]::ParameterName, 'Ignore a cached MFA session: prompt for a code and replace the cache entry')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'tfsecrets;completions' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to use (default: AWS_PROFILE, then the SDK''s default chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (default: CHAMBER_AWS_REGION, AWS_REGION, AWS_DEFAULT_REGION, the profile''s region)')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'Retry mode for AWS requests')
            [CompletionResult]::new('--mfa-token', '--mfa-token', [CompletionResultType]::ParameterName, 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal')
            [CompletionResult]::new('--mfa-code', '--mfa-code', [CompletionResultType]::ParameterName, 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Least lifetime session credentials must have left; a cached MFA session is renewed below it (e.g. 90m, 1h30m)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print diagnostics on stderr (names and timings, never a secret value)')
            [CompletionResult]::new('--fresh', '--fresh', [CompletionResultType]::ParameterName, 'Ignore a cached MFA session: prompt for a code and replace the cache entry')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'tfsecrets;exec' {
            [CompletionResult]::new('--env-style', '--env-style', [CompletionResultType]::ParameterName, 'Environment variable names')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to use (default: AWS_PROFILE, then the SDK''s default chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (default: CHAMBER_AWS_REGION, AWS_REGION, AWS_DEFAULT_REGION, the profile''s region)')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'Retry mode for AWS requests')
            [CompletionResult]::new('--mfa-token', '--mfa-token', [CompletionResultType]::ParameterName, 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal')
            [CompletionResult]::new('--mfa-code', '--mfa-code', [CompletionResultType]::ParameterName, 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Least lifetime session credentials must have left; a cached MFA session is renewed below it (e.g. 90m, 1h30m)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Fetch the whole service even when the module declares its variables')
            [CompletionResult]::new('--no-var-check', '--no-var-check', [CompletionResultType]::ParameterName, 'Don''t read the module''s variable blocks: pass every value verbatim')
            [CompletionResult]::new('--strict-vars', '--strict-vars', [CompletionResultType]::ParameterName, 'Make warnings W1/W2 (a secret matching no variable) and W7 (a tfvars file or -var overriding a secret) errors; the codes are explained in README.md ("exec warnings")')
            [CompletionResult]::new('--no-clobber', '--no-clobber', [CompletionResultType]::ParameterName, 'Keep a variable already set in the environment instead of overriding it with the secret')
            [CompletionResult]::new('--pristine', '--pristine', [CompletionResultType]::ParameterName, 'Pass only the secrets plus PATH, HOME, TERM, USER, LANG (and the AWS session variables)')
            [CompletionResult]::new('--allow-empty', '--allow-empty', [CompletionResultType]::ParameterName, 'Run the command even when no secret was found')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the variable names and their encoding (never values) and run nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'With --dry-run: print the plan as JSON (names, sources, encodings; never values)')
            [CompletionResult]::new('--no-aws-env', '--no-aws-env', [CompletionResultType]::ParameterName, 'Leave the child''s AWS variables as inherited (don''t export the MFA session, don''t remove AWS_PROFILE)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print diagnostics on stderr (names and timings, never a secret value)')
            [CompletionResult]::new('--fresh', '--fresh', [CompletionResultType]::ParameterName, 'Ignore a cached MFA session: prompt for a code and replace the cache entry')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'tfsecrets;import' {
            [CompletionResult]::new('--only', '--only', [CompletionResultType]::ParameterName, 'Import only these variables (comma-separated); the rest stay in the file')
            [CompletionResult]::new('--except', '--except', [CompletionResultType]::ParameterName, 'Import all but these variables (comma-separated)')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Tag for new secrets, `KEY=VALUE`; repeatable')
            [CompletionResult]::new('--tier', '--tier', [CompletionResultType]::ParameterName, 'Parameter tier (advanced holds up to 8 KB and is billed)')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Most SSM writes in flight at once')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to use (default: AWS_PROFILE, then the SDK''s default chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (default: CHAMBER_AWS_REGION, AWS_REGION, AWS_DEFAULT_REGION, the profile''s region)')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'Retry mode for AWS requests')
            [CompletionResult]::new('--mfa-token', '--mfa-token', [CompletionResultType]::ParameterName, 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal')
            [CompletionResult]::new('--mfa-code', '--mfa-code', [CompletionResultType]::ParameterName, 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Least lifetime session credentials must have left; a cached MFA session is renewed below it (e.g. 90m, 1h30m)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan (new / changed / unchanged names) and stop')
            [CompletionResult]::new('--keep', '--keep', [CompletionResultType]::ParameterName, 'Don''t scrub the file after importing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as JSON')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print diagnostics on stderr (names and timings, never a secret value)')
            [CompletionResult]::new('--fresh', '--fresh', [CompletionResultType]::ParameterName, 'Ignore a cached MFA session: prompt for a code and replace the cache entry')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'tfsecrets;session' {
            [CompletionResult]::new('--write-profile', '--write-profile', [CompletionResultType]::ParameterName, 'Write the session''s credentials as section [NAME] of the shared credentials file (mode 0600)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to use (default: AWS_PROFILE, then the SDK''s default chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (default: CHAMBER_AWS_REGION, AWS_REGION, AWS_DEFAULT_REGION, the profile''s region)')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'Retry mode for AWS requests')
            [CompletionResult]::new('--mfa-token', '--mfa-token', [CompletionResultType]::ParameterName, 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal')
            [CompletionResult]::new('--mfa-code', '--mfa-code', [CompletionResultType]::ParameterName, 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Least lifetime session credentials must have left; a cached MFA session is renewed below it (e.g. 90m, 1h30m)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print as JSON')
            [CompletionResult]::new('--export', '--export', [CompletionResultType]::ParameterName, 'Print `export AWS_...=...` lines for `eval` (the only output that shows the secret key and token)')
            [CompletionResult]::new('--clear', '--clear', [CompletionResultType]::ParameterName, 'Delete this profile''s cached MFA session (only this machine''s copy: AWS cannot revoke it)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print diagnostics on stderr (names and timings, never a secret value)')
            [CompletionResult]::new('--fresh', '--fresh', [CompletionResultType]::ParameterName, 'Ignore a cached MFA session: prompt for a code and replace the cache entry')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'tfsecrets;policy' {
            [CompletionResult]::new('--kms-key-arn', '--kms-key-arn', [CompletionResultType]::ParameterName, 'The KMS key''s ARN (default: asked from AWS for the alias writes use; else any key carrying the alias)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'The 12-digit account id (default: the session''s, from STS GetCallerIdentity; else *)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to use (default: AWS_PROFILE, then the SDK''s default chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (default: CHAMBER_AWS_REGION, AWS_REGION, AWS_DEFAULT_REGION, the profile''s region)')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'Retry mode for AWS requests')
            [CompletionResult]::new('--mfa-token', '--mfa-token', [CompletionResultType]::ParameterName, 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal')
            [CompletionResult]::new('--mfa-code', '--mfa-code', [CompletionResultType]::ParameterName, 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Least lifetime session credentials must have left; a cached MFA session is renewed below it (e.g. 90m, 1h30m)')
            [CompletionResult]::new('--write', '--write', [CompletionResultType]::ParameterName, 'Also allow write and import (PutParameter, tags, encryption through SSM)')
            [CompletionResult]::new('--delete', '--delete', [CompletionResultType]::ParameterName, 'Also allow delete (DeleteParameter)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the document on one line')
            [CompletionResult]::new('--template', '--template', [CompletionResultType]::ParameterName, 'Print a terraform templatefile() template for one service instead: ${service}, ${partition}, ${dns_suffix}, ${region}, ${account_id} and ${kms_key_arn} stand for the values (examples/bootstrap)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print diagnostics on stderr (names and timings, never a secret value)')
            [CompletionResult]::new('--fresh', '--fresh', [CompletionResultType]::ParameterName, 'Ignore a cached MFA session: prompt for a code and replace the cache entry')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'tfsecrets;man' {
            [CompletionResult]::new('--output-dir', '--output-dir', [CompletionResultType]::ParameterName, 'Write tfsecrets.1 and one tfsecrets-<command>.1 per command into this directory (printing their paths)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to use (default: AWS_PROFILE, then the SDK''s default chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (default: CHAMBER_AWS_REGION, AWS_REGION, AWS_DEFAULT_REGION, the profile''s region)')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'Retry mode for AWS requests')
            [CompletionResult]::new('--mfa-token', '--mfa-token', [CompletionResultType]::ParameterName, 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal')
            [CompletionResult]::new('--mfa-code', '--mfa-code', [CompletionResultType]::ParameterName, 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Least lifetime session credentials must have left; a cached MFA session is renewed below it (e.g. 90m, 1h30m)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print diagnostics on stderr (names and timings, never a secret value)')
            [CompletionResult]::new('--fresh', '--fresh', [CompletionResultType]::ParameterName, 'Ignore a cached MFA session: prompt for a code and replace the cache entry')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'tfsecrets;doctor' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to use (default: AWS_PROFILE, then the SDK''s default chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (default: CHAMBER_AWS_REGION, AWS_REGION, AWS_DEFAULT_REGION, the profile''s region)')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'Retry mode for AWS requests')
            [CompletionResult]::new('--mfa-token', '--mfa-token', [CompletionResultType]::ParameterName, 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal')
            [CompletionResult]::new('--mfa-code', '--mfa-code', [CompletionResultType]::ParameterName, 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Least lifetime session credentials must have left; a cached MFA session is renewed below it (e.g. 90m, 1h30m)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the checks as JSON')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print diagnostics on stderr (names and timings, never a secret value)')
            [CompletionResult]::new('--fresh', '--fresh', [CompletionResultType]::ParameterName, 'Ignore a cached MFA session: prompt for a code and replace the cache entry')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'tfsecrets;diff' {
            [CompletionResult]::new('--only', '--only', [CompletionResultType]::ParameterName, 'Compare only these variables (comma-separated)')
            [CompletionResult]::new('--except', '--except', [CompletionResultType]::ParameterName, 'Compare all but these variables (comma-separated)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to use (default: AWS_PROFILE, then the SDK''s default chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (default: CHAMBER_AWS_REGION, AWS_REGION, AWS_DEFAULT_REGION, the profile''s region)')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'Retry mode for AWS requests')
            [CompletionResult]::new('--mfa-token', '--mfa-token', [CompletionResultType]::ParameterName, 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal')
            [CompletionResult]::new('--mfa-code', '--mfa-code', [CompletionResultType]::ParameterName, 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Least lifetime session credentials must have left; a cached MFA session is renewed below it (e.g. 90m, 1h30m)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as JSON')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print diagnostics on stderr (names and timings, never a secret value)')
            [CompletionResult]::new('--fresh', '--fresh', [CompletionResultType]::ParameterName, 'Ignore a cached MFA session: prompt for a code and replace the cache entry')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'tfsecrets;scan' {
            [CompletionResult]::new('--plan', '--plan', [CompletionResultType]::ParameterName, 'Scan this saved plan (`terraform show -json FILE`) instead of the current state')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Scan this state file instead, or `-` for stdin: a raw state (terraform.tfstate, `terraform state pull`) or the output of `terraform show -json`. No terraform needed')
            [CompletionResult]::new('--chdir', '--chdir', [CompletionResultType]::ParameterName, 'The root module directory, where terraform runs (default: the current directory)')
            [CompletionResult]::new('--terraform', '--terraform', [CompletionResultType]::ParameterName, 'The terraform (or tofu) binary that runs `show -json`')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile to use (default: AWS_PROFILE, then the SDK''s default chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (default: CHAMBER_AWS_REGION, AWS_REGION, AWS_DEFAULT_REGION, the profile''s region)')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential backoff (an endpoint that cannot be reached at all is not). 0 = SDK default')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'Retry mode for AWS requests')
            [CompletionResult]::new('--mfa-token', '--mfa-token', [CompletionResultType]::ParameterName, 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal')
            [CompletionResult]::new('--mfa-code', '--mfa-code', [CompletionResultType]::ParameterName, 'MFA code for a profile with mfa_serial, instead of a prompt on the terminal')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Least lifetime session credentials must have left; a cached MFA session is renewed below it (e.g. 90m, 1h30m)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the report as JSON')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print diagnostics on stderr (names and timings, never a secret value)')
            [CompletionResult]::new('--fresh', '--fresh', [CompletionResultType]::ParameterName, 'Ignore a cached MFA session: prompt for a code and replace the cache entry')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'tfsecrets;help' {
            [CompletionResult]::new('write', 'write', [CompletionResultType]::ParameterValue, 'Write one secret')
            [CompletionResult]::new('read', 'read', [CompletionResultType]::ParameterValue, 'Read one secret (value and metadata)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List a service''s secrets (values only with -e)')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Show a secret''s version history')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete one secret')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Export one or more services as JSON, dotenv or tfvars')
            [CompletionResult]::new('list-services', 'list-services', [CompletionResultType]::ParameterValue, 'List services (and with -s their secrets) under a prefix')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('exec', 'exec', [CompletionResultType]::ParameterValue, 'Run a command (terraform, terragrunt, anything) with a service''s secrets in its environment')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Store every variable of a .tfvars/.tfvars.json file in SSM, verify, then scrub the file')
            [CompletionResult]::new('session', 'session', [CompletionResultType]::ParameterValue, 'Show the AWS session (role, account, expiry); start an MFA session, export it, or clear it')
            [CompletionResult]::new('policy', 'policy', [CompletionResultType]::ParameterValue, 'Print the least-privilege IAM policy for using services (read; --write, --delete)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the manual page, or write every page into a directory')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check credentials, session, region, KMS key, SSM access, tools and the module here (one screen)')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Compare a tfvars file with a service''s secrets: new, changed, only stored, equal (names only)')
            [CompletionResult]::new('scan', 'scan', [CompletionResultType]::ParameterValue, 'Find where a service''s secrets are stored in plaintext in terraform''s state or a saved plan')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tfsecrets;help;write' {
            break
        }
        'tfsecrets;help;read' {
            break
        }
        'tfsecrets;help;list' {
            break
        }
        'tfsecrets;help;history' {
            break
        }
        'tfsecrets;help;delete' {
            break
        }
        'tfsecrets;help;export' {
            break
        }
        'tfsecrets;help;list-services' {
            break
        }
        'tfsecrets;help;completions' {
            break
        }
        'tfsecrets;help;exec' {
            break
        }
        'tfsecrets;help;import' {
            break
        }
        'tfsecrets;help;session' {
            break
        }
        'tfsecrets;help;policy' {
            break
        }
        'tfsecrets;help;man' {
            break
        }
        'tfsecrets;help;doctor' {
            break
        }
        'tfsecrets;help;diff' {
            break
        }
        'tfsecrets;help;scan' {
            break
        }
        'tfsecrets;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
