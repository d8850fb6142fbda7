import type { LiveClientToServerEvents, LiveServerToClientEvents } from '@app/contracts';
import type { Namespace } from 'socket.io';

/** Socket.IO namespace /live with its event maps. */
export type LiveNamespace = Namespace<LiveClientToServerEvents, LiveServerToClientEvents>;
