/**
 * The app under load did not do what its lesson's contract says (a refused
 * login, a room that never acknowledges, no message delivered): printed as
 * one line, exit code 1. Bad input is a UsageError instead (exit code 2).
 */
export class BenchFailure extends Error {}
