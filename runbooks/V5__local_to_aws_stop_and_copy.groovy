// Move the payments service's secrets from a local encrypted store into AWS Secrets Manager,
// stop-and-copy: stop the service (or freeze changes to its secrets), copy, verify every record
// against what was planned, and only then start the service against AWS. If verification finds a
// single difference, the run undoes its writes and AWS holds what it held before.
//
// Nothing secret is written here. Credentials come from the standard chains: the store's passphrase
// from FERRY_LOCAL_PASSPHRASE (or the terminal), AWS credentials from the environment, the shared
// profile files or the instance role. The environment variables below only say where things are:
//
//   SOURCE_DB              the local store file (default payments.db)
//   AWS_REGION             the target region (default us-east-1)
//   AWS_ENDPOINT           a Secrets Manager endpoint, such as a VPC endpoint (default: the region's public one)
//   EXPECTED_MIN_SECRETS   the least number of secrets the source must hold (default 40)
//
//   ferry run runbooks/V5__local_to_aws_stop_and_copy.groovy --dry-run   # health pre-check and the plan, nothing written
//   ferry run runbooks/V5__local_to_aws_stop_and_copy.groovy --yes       # both pre-checks, copy, verify
//   ferry rollback RUN                                                   # undo a run that verified but is unwanted
runbook {
    description 'Stop-and-copy the payments secrets from the local store to AWS Secrets Manager, verified record by record'

    source local(env('SOURCE_DB', 'payments.db'))
    target aws(region: env('AWS_REGION', 'us-east-1'), prefix: 'payments/',
               endpoint: env('AWS_ENDPOINT', "https://secretsmanager.${env('AWS_REGION', 'us-east-1')}.amazonaws.com"))

    discovery {
        // Pre-check, before anything is read: both stores answer and accept the credentials, and AWS
        // takes a write (a probe secret is written and deleted again). A check that fails transiently
        // is asked again under the retries below. fail stops the run here, with its reason shown as
        // written and exit code 6, as for any store that cannot be used (so does a SOURCE_DB that is
        // not there).
        before { ctx ->
            def source = ctx.checkSource()
            if (!source.healthy()) {
                ctx.fail('the source store is not usable: ' + source.problems().join('; '))
            }
            def target = ctx.checkTarget(true)
            if (!target.healthy()) {
                ctx.fail('AWS Secrets Manager cannot be reached or written: ' + target.problems().join('; '))
            }
            ctx.log 'pre-check passed: the source is readable, AWS Secrets Manager is reachable and writable'
        }
    }

    // Where each secret came from, for whoever finds it in AWS later. The local store's own tags
    // (owner, team) are carried over as they are.
    transform { rec ->
        rec.tags['migrated-from'] = 'local-store'
    }

    // Only secrets Ferry wrote are ever overwritten, so running the runbook again after a fix copies
    // what changed and leaves anyone else's secrets under payments/ alone. A rollback deletes what the
    // run created within AWS's recovery window; the next run recovers those names and writes over them.
    planning {
        onExisting 'update'
        onSoftDeleted 'recover'
    }

    execution {
        // Pre-check, after planning and before the first write: a store holding fewer secrets than
        // expected is the wrong file, or a half-restored backup; copying it would lose secrets.
        before { ctx ->
            long expected = env('EXPECTED_MIN_SECRETS', '40') as long
            long found = ['create', 'update', 'unchanged', 'skip', 'conflict', 'invalid'].sum { ctx.counts[it] ?: 0L }
            if (found < expected) {
                ctx.fail("the source holds $found secrets, fewer than the $expected expected; "
                        + 'check SOURCE_DB, or lower EXPECTED_MIN_SECRETS if secrets were retired')
            }
            ctx.log "pre-check passed: $found secrets found, at least $expected expected"
        }
        concurrency 4
        retries 5
        writesPerSecond 40        // below the account's 50 writes a second, which other writers share
        onError 'stop'            // stop-and-copy: a failed write stops the run; fix it and resume
    }

    // Read every record back from AWS and compare it with what was planned; below 100 % the run rolls
    // back on its own, deleting what it created and restoring what it updated.
    validation {
        compare 'full'
        minMatchRate 1.0
        onFailure 'rollback'
    }

    rollback { ctx -> ctx.log "run ${ctx.runId} undone: keep the payments service on the local store" }
}
