import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';

// @nestjs/platform-socket.io pins its own copy of socket.io: take the server's types from it.
type IoServer = ReturnType<IoAdapter['createIOServer']>;
type IoServerOptions = Parameters<IoAdapter['createIOServer']>[1];

/**
 * Socket.IO with the frame limit of the configuration. Socket.IO's default
 * (maxHttpBufferSize, 1 MB) lets every connection make the server hold a
 * megabyte at a time; a gateway's decorator options are literals, read before
 * any configuration exists, so the limit is set here.
 */
export class BoundedIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly maxPayloadBytes: number,
  ) {
    super(app);
    // Called without it (new BoundedIoAdapter(app), or a subclass that does not pass it on),
    // maxHttpBufferSize: undefined would replace Socket.IO's default and let frames of any size in:
    // refuse to start instead.
    if (!Number.isSafeInteger(maxPayloadBytes) || maxPayloadBytes < 1) {
      throw new Error(
        `The Socket.IO adapter needs the frame limit in bytes (WS_MAX_PAYLOAD_BYTES), got ${String(maxPayloadBytes)}`,
      );
    }
  }

  override createIOServer(port: number, options?: IoServerOptions): IoServer {
    // Socket.IO fills in what is left out; Nest's type asks for every option.
    return super.createIOServer(port, {
      ...options,
      maxHttpBufferSize: this.maxPayloadBytes,
    } as IoServerOptions);
  }
}
