// Ferry demo: copy the application secrets of source.db into target.db.
//
// Both stores are encrypted SQLite files in this directory; FERRY_LOCAL_PASSPHRASE unlocks them.
// Store paths in a runbook are relative to the directory ferry runs in, so run it from here:
//
//   ferry plan V1__demo_copy.groovy          # what would change; writes nothing
//   ferry run V1__demo_copy.groovy --yes     # plan, write, validate
//   ferry show RUN                           # every secret of a run: action, reason, flags, status
//   ferry rollback RUN                       # undo a run
runbook {
    description 'Copy the demo application secrets from source.db to target.db'

    source 'local:source.db'
    target 'local:target.db'

    discovery {
        include 'app/**'                         // legacy/ stays behind
    }

    transform { rec ->
        rec.tags.migratedBy = 'ferry-demo'       // say where each copy came from
        if (!rec.tags.owner) {
            flag 'no owner tag: find out who owns it'   // copied, and listed for review
        }
    }

    // Overwrite what an earlier run of this runbook wrote; never a secret Ferry did not write.
    planning   { onExisting 'update' }
    execution  { concurrency 4 }
    // Read every written secret back; if any does not match, undo the whole run.
    validation { compare 'full'; minMatchRate 1.0; onFailure 'rollback' }
}
