/**
 * The runnable jar's subcommands, built on the public API only: {@code chat} (a browser chat room), {@code echo}
 * (the echo server the Autobahn|Testsuite's fuzzing client and the benchmarks drive), {@code client} (a
 * command-line client in the manner of wscat) and {@code autobahn-client} (the driver for the suite's fuzzing
 * server). RFC 6455 and RFC 7692 as wskit implements them; not published.
 */
package dev.wskit.examples;
