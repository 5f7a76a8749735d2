/**
 * Errors of @dnn/data. They extend `Error` directly (not @dnn/tensor's DnnError) so that the
 * file readers stay usable without the tensor package loaded.
 */
export class DataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A file that is not a valid IDX file (or not valid gzip). `file` is the name it was read as. */
export class IdxError extends DataError {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

/** A data set that could not be found, is incomplete, or failed its checksum. */
export class DatasetError extends DataError {}
