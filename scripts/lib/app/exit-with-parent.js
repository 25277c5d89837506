/**
 * Preloaded into every app `npm run lesson` starts (node --import), and
 * imported by the lesson command itself: when the process that started this
 * one goes away (an IDE's stop button, a kill of the npm process), stop too,
 * instead of holding the port as an orphan.
 */
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.kill(process.pid, 'SIGTERM');
}, 500).unref();
