// Kept apart from the OAuth client so that the CLI can recognise the error without loading an HTTP client.

/** A token request that failed; the message is one line, names the cause and the fix, and carries no secret. */
export class OAuthError extends Error {
  override name = 'OAuthError';
  constructor(
    message: string,
    /** False for failures that may pass on their own (network, timeouts, 5xx), which are retried on the next request. */
    readonly permanent: boolean,
  ) {
    super(message);
  }
}
