// Move every application secret from an old local store to a new one, e.g. when rotating the
// store's passphrase or retiring a laptop's store. Both stores are encrypted SQLite files;
// FERRY_LOCAL_PASSPHRASE unlocks them (or you are asked at the terminal).
//
//   ferry run runbooks/V1__local_store_rotation.groovy --dry-run   # see the plan, write nothing
//   ferry run runbooks/V1__local_store_rotation.groovy --yes       # plan, write, validate
//   ferry rollback RUN                                             # undo it
runbook {
    description 'Copy application secrets from old.db to new.db, tagging where they came from'

    source 'local:old.db'
    target 'local:new.db'

    discovery {
        include 'app/**'                  // only application secrets
        exclude 'app/tmp/*'               // scratch values are not worth keeping
    }

    transform { rec ->
        rec.tags.migratedFrom = 'old.db'
        if (!rec.tags.owner) {
            flag 'no owner tag: find who owns it before the old store is deleted'
        }
    }

    planning   { onExisting 'skip' }                   // never overwrite what is already there
    execution  { concurrency 4; retries 3; onError 'stop' }
    validation { compare 'full'; minMatchRate 1.0; onFailure 'rollback' }

    rollback { ctx -> ctx.log "run ${ctx.runId} undone; new.db holds what it held before" }
}
