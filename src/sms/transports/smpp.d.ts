// Hand-written typings for the parts of npm `smpp` (node-smpp 0.5) this service uses; the
// package ships none and there is no @types/smpp.
declare module 'smpp' {
  import type { EventEmitter } from 'node:events';
  import type { Socket } from 'node:net';

  export interface Pdu {
    readonly command: string;
    readonly command_status: number;
    readonly sequence_number: number;
    readonly [field: string]: unknown;
    response(options?: Record<string, unknown>): Pdu;
  }

  export interface Session extends EventEmitter {
    readonly socket: Socket;
    send(pdu: Pdu, responseCallback?: (pdu: Pdu) => void): boolean;
    bind_transceiver(options: Record<string, unknown>, responseCallback?: (pdu: Pdu) => void): boolean;
    submit_sm(options: Record<string, unknown>, responseCallback?: (pdu: Pdu) => void): boolean;
    enquire_link(options?: Record<string, unknown>, responseCallback?: (pdu: Pdu) => void): boolean;
    unbind(options?: Record<string, unknown>, responseCallback?: (pdu: Pdu) => void): boolean;
    close(callback?: () => void): void;
    destroy(callback?: () => void): void;
  }

  export interface Server extends EventEmitter {
    listen(port: number, host: string, callback?: () => void): Server;
    close(callback?: () => void): void;
    address(): { port: number } | string | null;
  }

  const smpp: {
    connect(options: { host: string; port: number; tls?: boolean }, listener?: () => void): Session;
    createServer(options: Record<string, unknown>, listener?: (session: Session) => void): Server;
    readonly ESME_ROK: number;
  };
  export default smpp;
}
