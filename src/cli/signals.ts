/**
 * Resolves on the first SIGINT or SIGTERM, so a long-running command stops cleanly (NDEATH, queue flushed). The
 * listeners stay while the command winds down: without one, signal-exit (loaded by node-opcua's certificate code)
 * re-raises the signal and kills the process before it has stopped. A second signal ends it at once.
 */
export function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    let seen = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (seen) process.exit(signal === 'SIGINT' ? 130 : 143);
      seen = true;
      resolve();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
