// Give every legacy project its own database credentials.
//
// Old projects share one database login; their rows in projects.db have an empty database_user or
// database_password_hash. For each such project this runbook generates a strong password, creates
// the project's database user, keeps the password in the local encrypted store (credentials.db),
// writes the user and the password's hash into the project record, and checks that the new
// credentials log in. A step that fails undoes the completed steps of its batch, newest first.
//
// Here a second SQLite file, dbserver.db, stands in for the database server: its "users" table is
// the server's list of logins (name, SHA-256 of the password). Against a real server, replace
// createUser, dropUser and canLogIn with CREATE USER, DROP USER and a real connection attempt.
//
//   ferry run runbooks/V2__project_database_credentials.groovy --dry-run   # the projects and steps; nothing runs
//   ferry run runbooks/V2__project_database_credentials.groovy --yes       # do it, 25 projects per batch
//   ferry show RUN                                                         # every step of every project
//   ferry resume RUN                                                       # after a crash or a fixed failure
//   ferry rollback RUN                                                     # undo every completed step
//
// The report, credentials-report.csv, lists each project and its new database user; never a password.
// Passwords travel between steps only as step variables, which the journal keeps encrypted.

import java.nio.file.Files
import java.nio.file.attribute.PosixFilePermissions
import java.security.MessageDigest
import java.security.SecureRandom
import java.sql.Connection
import java.sql.DriverManager

/** Projects per batch: a failure undoes only the batch it happens in; earlier batches stay done. */
int batchSize = 25

/** Opens one of the two databases; a missing one is an error, never created empty (a dry run writes nothing). */
Connection connect(ctx, String file) {
    def path = ctx.directory.resolve(file)
    if (!java.nio.file.Files.isRegularFile(path)) {
        ctx.fail("${file} is not in ${ctx.directory}; this runbook reads and updates it (its tables are in runbooks/README.md)")
    }
    DriverManager.getConnection('jdbc:sqlite:' + path)
}

/** The rows to fix: projects whose credentials are missing, as plain maps (the journal keeps them). */
List<Map> projectsWithoutCredentials(ctx) {
    connect(ctx, 'projects.db').withCloseable { c ->
        def rs = c.createStatement().executeQuery('''
            SELECT id, name, database_user, database_password_hash FROM projects
            WHERE coalesce(database_user, '') = '' OR coalesce(database_password_hash, '') = ''
            ORDER BY id''')
        def rows = []
        while (rs.next()) {
            rows << [id: rs.getString('id'), name: rs.getString('name'),
                     user: rs.getString('database_user'), hash: rs.getString('database_password_hash')]
        }
        rows
    }
}

String sha256(String text) {
    MessageDigest.getInstance('SHA-256').digest(text.getBytes('UTF-8')).encodeHex().toString()
}

/** 32 random bytes, URL-safe Base64: 256 bits, no quoting trouble in connection strings. */
String strongPassword() {
    byte[] bytes = new byte[32]
    new SecureRandom().nextBytes(bytes)
    Base64.urlEncoder.withoutPadding().encodeToString(bytes)
}

void createUser(ctx, String user, String password) {
    connect(ctx, 'dbserver.db').withCloseable { c ->
        def ps = c.prepareStatement('INSERT INTO users (name, password_hash) VALUES (?, ?)')
        ps.setString(1, user)
        ps.setString(2, sha256(password))
        ps.executeUpdate()
    }
}

void dropUser(ctx, String user) {
    connect(ctx, 'dbserver.db').withCloseable { c ->
        def ps = c.prepareStatement('DELETE FROM users WHERE name = ?')
        ps.setString(1, user)
        ps.executeUpdate()
    }
}

boolean canLogIn(ctx, String user, String password) {
    connect(ctx, 'dbserver.db').withCloseable { c ->
        def ps = c.prepareStatement('SELECT count(*) FROM users WHERE name = ? AND password_hash = ?')
        ps.setString(1, user)
        ps.setString(2, sha256(password))
        def rs = ps.executeQuery()
        rs.next() && rs.getInt(1) == 1
    }
}

void setCredentials(ctx, String project, String user, String hash) {
    connect(ctx, 'projects.db').withCloseable { c ->
        def ps = c.prepareStatement('UPDATE projects SET database_user = ?, database_password_hash = ? WHERE id = ?')
        ps.setString(1, user)
        ps.setString(2, hash)
        ps.setString(3, project)
        ps.executeUpdate()
    }
}

runbook {
    description 'Give every legacy project its own database user and password, kept in the local encrypted store'

    // The projects are found once, when the run reaches this point, and journaled: a resumed run works on
    // the same projects even though the fixed ones would no longer be found.
    forEach({ ctx -> projectsWithoutCredentials(ctx) }, name: 'projects',
            key: { it.id }, batchSize: batchSize) { project ->

        step('generate credentials') { ctx ->
            put 'user', "app_${project.id}".toString()
            // A resumed run keeps the password an interrupted run generated: the user may exist with it already.
            if (get('password') == null) {
                put 'password', strongPassword()
            }
        }

        step('create database user') { ctx ->
            // Written to be run twice: after a crash in the middle of this step the user may exist already.
            if (!(resumed && canLogIn(ctx, get('user'), get('password')))) {
                createUser(ctx, get('user'), get('password'))
            }
        } undo { ctx ->
            dropUser(ctx, get('user'))
        }

        step('store password') { ctx ->
            store('local:credentials.db').put("projects/${project.id}/database-password", get('password'),
                    tags: [databaseUser: get('user')])
        } undo { ctx ->
            store('local:credentials.db').delete("projects/${project.id}/database-password")
        }

        step('update project record') { ctx ->
            setCredentials(ctx, project.id, get('user'), sha256(get('password')))
        } undo { ctx ->
            setCredentials(ctx, project.id, project.user, project.hash)     // what the record held before
        }

        step('validate connection') { ctx ->
            if (!canLogIn(ctx, get('user'), get('password'))) {
                fail "user ${get('user')} cannot log in with the new password"
            }
            log "project ${project.id} (${project.name}) now logs in as ${get('user')}"
        }
    }

    step('write report') { ctx ->
        def report = ctx.directory.resolve('credentials-report.csv')
        def text = new StringBuilder('project,database_user\n')
        connect(ctx, 'projects.db').withCloseable { c ->
            def rs = c.createStatement().executeQuery(
                    "SELECT id, database_user FROM projects WHERE database_user LIKE 'app\\_%' ESCAPE '\\' ORDER BY id")
            while (rs.next()) {
                text << "${rs.getString(1)},${rs.getString(2)}\n"
            }
        }
        // Owner-only whatever the umask: the report names every project's database user.
        Files.deleteIfExists(report)
        Files.createFile(report, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString('rw-------')))
        Files.writeString(report, text)
        log "report written to ${report}"
    }
}
