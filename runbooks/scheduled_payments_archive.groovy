// Copy a large store in maintenance windows: every Sunday at 02:00, for at most two hours, 20
// records a batch. When the window closes the run pauses at the end of its batch (status PAUSED,
// exit code 7) and says when the next window opens; run the same command in the next window and
// it continues that run, planning again any record whose source changed in between. The file is
// not versioned (no V1__ prefix), so that `ferry migrate runbooks` leaves it out of the examples'
// rehearsal; migrate runs a versioned runbook with a schedule the same way.
//
//   ferry plan runbooks/scheduled_payments_archive.groovy       # the plan, and how many windows it needs
//   ferry run runbooks/scheduled_payments_archive.groovy --yes  # in a window; outside one it says when the next opens
//   ferry run runbooks/scheduled_payments_archive.groovy --yes --now   # open a two-hour window now instead
//   ferry schedule runbooks/scheduled_payments_archive.groovy   # wait for each window and run in it, until done
//   ferry schedule --print-crontab runbooks/scheduled_payments_archive.groovy   # or let cron start it
//   ferry rollback RUN                                          # undo what its windows wrote, paused or finished
runbook {
    description 'Copy the payments secrets from payments.db to payments-archive.db in Sunday night windows'

    source 'local:payments.db'
    target 'local:payments-archive.db'

    schedule cron: '0 2 * * 0', window: '2h'    // minute hour day-of-month month day-of-week

    planning   { onExisting 'skip' }                          // never overwrite what is already there
    execution  { batchSize 20; concurrency 2; retries 3; onError 'stop' }
    validation { compare 'full'; minMatchRate 1.0; onFailure 'stop' }
}
