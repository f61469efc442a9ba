import type { Connection, mongo } from 'mongoose';

/** The connection's database, or a clear error while the connection is not open yet (or any more). */
export function connectedDb(connection: Connection): mongo.Db {
  const db = connection.db;
  if (!db) throw new Error('MongoDB is not connected');
  return db;
}
