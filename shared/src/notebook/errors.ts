/** A notebook or file that cannot be analysed, with a reason a person can act on. */
export class NotebookError extends Error {
  constructor(
    message: string,
    readonly code:
      | 'invalid-json'
      | 'not-a-notebook'
      | 'unsupported-nbformat'
      | 'binary'
      | 'encoding'
      | 'too-large',
  ) {
    super(message);
    this.name = 'NotebookError';
  }
}
