// Move a plain-text JSON secrets file into the local encrypted store, and remove the plain text.
//
// legacy-secrets.json is a flat JSON object of key to value, such as {"app/db-password": "..."}, the
// kind of file that sits next to an application because nobody got round to a secrets store. This
// runbook backs the file up first, imports each secret into secrets.db (AES-256-GCM, unlocked by
// FERRY_LOCAL_PASSPHRASE), reads each back to check it, and only then deletes the plain-text file.
//
//   ferry run runbooks/V3__secrets_file_to_local_store.groovy --dry-run   # the keys and steps; nothing runs
//   ferry run runbooks/V3__secrets_file_to_local_store.groovy --yes
//   ferry rollback RUN     # the restore path: puts legacy-secrets.json back from the backup and removes
//                          # the imported secrets from secrets.db
//
// The backup, legacy-secrets.json.RUN.bak, is plain text too, readable by its owner only; delete it
// once the applications read their secrets from the store.
//
// Keys already in secrets.db are never overwritten: such a key fails its import, and the completed
// imports are undone, so the store is as it was and the file is still in place.

import com.fasterxml.jackson.databind.ObjectMapper

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions

String SECRETS_FILE = 'legacy-secrets.json'
String STORE = 'local:secrets.db'

Map<String, String> readSecrets(java.nio.file.Path file) {
    def values = new ObjectMapper().readValue(file.toFile(), Map)
    values.each { k, v ->
        if (!(v instanceof String)) {
            throw new IllegalArgumentException("${file.fileName}: the value of '${k}' is not a string; flatten the file first")
        }
    }
    values
}

/** Copies one file's bytes to another that is created owner-only: no moment where others can read it. */
void copyPrivately(Path from, Path to) {
    Files.deleteIfExists(to)
    Files.createFile(to, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString('rw-------')))
    Files.write(to, Files.readAllBytes(from))
}

/** Puts the secrets file back as it was before the run: its bytes from the backup, its own mode. */
void restoreFile(ctx, String name) {
    def file = ctx.directory.resolve(name)
    copyPrivately(Path.of(ctx.get('backup')), file)
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(ctx.get('mode')))
}

runbook {
    description 'Import legacy-secrets.json into the local encrypted store, checked, then remove the plain-text file'

    step('back up the secrets file') { ctx ->
        def file = directory.resolve(SECRETS_FILE)
        def backup = directory.resolve("${SECRETS_FILE}.${runId}.bak".toString())
        copyPrivately(file, backup)
        put 'backup', backup.toString()
        put 'mode', PosixFilePermissions.toString(Files.getPosixFilePermissions(file))
        log "backed up ${file.fileName} to ${backup.fileName}"
    } undo { ctx ->
        // The restore path: the file as it was before the run.
        restoreFile(ctx, SECRETS_FILE)
        log "restored ${SECRETS_FILE} from its backup"
    }

    // The keys (not the values) are the items; the values are read from the file by each step.
    forEach({ ctx -> readSecrets(directory.resolve(SECRETS_FILE)).keySet().sort() }, name: 'secrets') { key ->

        step('import') { ctx ->
            def value = readSecrets(Path.of(get('backup')))[key]
            def secrets = store(STORE)
            // A resumed step may find its own write done already: that is not a conflict.
            if (resumed && secrets.get(key)?.tags()?.importedBy == runId) {
                return
            }
            if (!secrets.put(key, value, tags: [importedFrom: SECRETS_FILE, importedBy: runId], ifAbsent: true)) {
                fail "${key} is in ${STORE} already; it is not imported over"
            }
        } undo { ctx ->
            store(STORE).delete(key)
        }

        step('verify') { ctx ->
            def expected = readSecrets(Path.of(get('backup')))[key]
            def stored = store(STORE).get(key)
            if (stored == null || stored.value().text() != expected) {
                fail "${key} does not read back as imported"
            }
        }
    }

    step('remove the plain-text file') { ctx ->
        Files.deleteIfExists(directory.resolve(SECRETS_FILE))
        log "${SECRETS_FILE} removed; its backup is ${Path.of(get('backup')).fileName}"
    } undo { ctx ->
        restoreFile(ctx, SECRETS_FILE)
    }
}
