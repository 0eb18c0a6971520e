package io.ferry.runbooks

import io.ferry.api.ExitCode
import io.ferry.api.Ferry
import io.ferry.api.FerryException
import io.ferry.spi.ProviderContext
import io.ferry.state.RunStatus
import io.ferry.state.StepStatus
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions
import java.security.MessageDigest
import java.sql.DriverManager
import spock.lang.Specification
import spock.lang.TempDir

/** V2__project_database_credentials.groovy: projects get their own database credentials, batch by batch, undone on failure. */
class ProjectCredentialsSpec extends Specification {

    static final Path RUNBOOK = RunbookExamplesSpec.RUNBOOKS.resolve('V2__project_database_credentials.groovy')

    @TempDir
    Path dir

    Ferry ferry

    def setup() {
        ferry = Ferry.configure().workingDirectory(dir).journalKeyFile(dir.resolve('journal.key'))
                .providerContext(new ProviderContext(dir, [FERRY_LOCAL_PASSPHRASE: 'examples'], ProviderContext.PassphraseSource.none()))
                .load()
        sql('projects.db', 'CREATE TABLE projects (id TEXT PRIMARY KEY, name TEXT, database_user TEXT, database_password_hash TEXT)')
        sql('projects.db', "INSERT INTO projects VALUES ('p1', 'Billing', '', ''), ('p2', 'Search', NULL, NULL), " +
                "('p3', 'Mail', 'shared', ''), ('p4', 'Done', 'app_p4', 'abc')")
        sql('dbserver.db', 'CREATE TABLE users (name TEXT PRIMARY KEY, password_hash TEXT NOT NULL)')
        sql('dbserver.db', "INSERT INTO users VALUES ('shared', 'x'), ('app_p4', 'abc')")
    }

    def cleanup() {
        ferry.close()
    }

    void sql(String file, String statement) {
        DriverManager.getConnection("jdbc:sqlite:${dir.resolve(file)}").withCloseable { it.createStatement().execute(statement) }
    }

    List<List> rows(String file, String query) {
        DriverManager.getConnection("jdbc:sqlite:${dir.resolve(file)}").withCloseable { c ->
            def rs = c.createStatement().executeQuery(query)
            def rows = []
            while (rs.next()) {
                rows << (1..rs.metaData.columnCount).collect { rs.getString(it) }
            }
            rows
        }
    }

    static String sha256(String text) {
        MessageDigest.getInstance('SHA-256').digest(text.getBytes('UTF-8')).encodeHex().toString()
    }

    def "projects without credentials get a database user, a stored password and an updated record, with a report"() {
        when:
        def result = ferry.run(ferry.load(RUNBOOK))
        def store = ferry.open('local:credentials.db')

        then:
        result.status() == RunStatus.SUCCEEDED
        rows('projects.db', 'SELECT id, database_user FROM projects ORDER BY id') ==
                [['p1', 'app_p1'], ['p2', 'app_p2'], ['p3', 'app_p3'], ['p4', 'app_p4']]

        and: 'each new password is in the store, logs in, and matches the hash in the project record'
        ['p1', 'p2', 'p3'].every { id ->
            def password = store.read("projects/${id}/database-password").get().value().text()
            password.length() >= 43 &&
                    rows('dbserver.db', "SELECT password_hash FROM users WHERE name = 'app_${id}'") == [[sha256(password)]] &&
                    rows('projects.db', "SELECT database_password_hash FROM projects WHERE id = '${id}'") == [[sha256(password)]]
        }
        !store.read('projects/p4/database-password').isPresent()

        and: 'the report lists the projects, never a password, and only its owner may read it'
        def report = Files.readString(dir.resolve('credentials-report.csv'))
        report == 'project,database_user\np1,app_p1\np2,app_p2\np3,app_p3\np4,app_p4\n'
        PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve('credentials-report.csv'))) == 'rw-------'

        and: 'no password is anywhere in the journal or the audit trail'
        def passwords = ['p1', 'p2', 'p3'].collect { store.read("projects/${it}/database-password").get().value().text() }
        def everything = new String(Files.readAllBytes(dir.resolve('.ferry/state.db')), 'ISO-8859-1') +
                Files.list(dir.resolve('.ferry')).withCloseable { s -> s.filter { it.toString().endsWith('-wal') }.toList() }
                        .collect { new String(Files.readAllBytes(it), 'ISO-8859-1') }.join() +
                Files.readString(result.auditFile())
        passwords.every { !everything.contains(it) }

        when: 'the run is rolled back'
        def undone = ferry.rollback(result.runId())

        then: 'every project, user and stored password is as before'
        undone.status() == RunStatus.ROLLED_BACK
        rows('projects.db', 'SELECT id, database_user, database_password_hash FROM projects ORDER BY id') ==
                [['p1', '', ''], ['p2', null, null], ['p3', 'shared', ''], ['p4', 'app_p4', 'abc']]
        rows('dbserver.db', 'SELECT name FROM users ORDER BY name') == [['app_p4'], ['shared']]
        ['p1', 'p2', 'p3'].every { !store.read("projects/${it}/database-password").isPresent() }

        cleanup:
        store?.close()
    }

    def "a project whose user already exists stops the run and undoes its batch; fixed, the run resumes"() {
        given: 'a leftover user with the name p2 would get'
        sql('dbserver.db', "INSERT INTO users VALUES ('app_p2', 'stale')")

        when:
        def result = ferry.run(ferry.load(RUNBOOK))

        then: 'the batch (all three projects) is undone: p1 as it was, no user of its own, nothing stored'
        result.status() == RunStatus.STOPPED
        result.exitCode() == ExitCode.STOPPED
        result.error().contains("step 'create database user' of p2 failed")
        result.error().contains("step 'create database user' of p2 failed: SQLiteException at V2__project_database_credentials.groovy:")
        rows('projects.db', "SELECT database_user, database_password_hash FROM projects WHERE id = 'p1'") == [['', '']]
        rows('dbserver.db', 'SELECT name FROM users ORDER BY name') == [['app_p2'], ['app_p4'], ['shared']]
        ferry.steps(result.runId()).findAll { it.itemKey() == 'p1' }*.status().every { it == StepStatus.UNDONE }

        when: 'the leftover user is dropped and the run resumed'
        sql('dbserver.db', "DELETE FROM users WHERE name = 'app_p2'")
        def resumed = ferry.resume(result.runId())

        then:
        resumed.status() == RunStatus.SUCCEEDED
        rows('projects.db', 'SELECT database_user FROM projects ORDER BY id')*.get(0) == ['app_p1', 'app_p2', 'app_p3', 'app_p4']
    }

    def "a dry run lists each project's steps and changes nothing"() {
        when:
        def plan = ferry.planSteps(ferry.load(RUNBOOK))

        then:
        plan.items() == 3
        plan.steps().findAll { it.itemKey() == 'p1' }*.step() ==
                ['generate credentials', 'create database user', 'store password', 'update project record', 'validate connection']
        plan.steps().last().step() == 'write report'
        rows('dbserver.db', 'SELECT count(*) FROM users') == [['2']]
    }

    def "a dry run without the projects database says which file is missing and creates none"() {
        given:
        Files.delete(dir.resolve('projects.db'))

        when:
        ferry.planSteps(ferry.load(RUNBOOK))

        then:
        def e = thrown(FerryException)
        e.message.contains('projects.db is not in')
        !Files.exists(dir.resolve('projects.db'))
    }
}
