/**
 * Files and directories readable by their owner only: every file Ferry creates (state store,
 * journal key, audit trail, reports, metrics, REPL history) and every directory it creates goes
 * through {@link io.ferry.files.PrivateFiles}, so that their modes do not depend on the umask.
 */
package io.ferry.files;
