import mysql from 'mysql2/promise';
import { TEST_ENV } from './env';

/** A root connection to the test MariaDB server, outside any app database (to create and drop them). */
export async function adminConnection(): Promise<mysql.Connection> {
  return mysql.createConnection({ host: TEST_ENV.DB_HOST, port: Number(TEST_ENV.DB_PORT), user: TEST_ENV.DB_USER, password: TEST_ENV.DB_PASSWORD });
}

export async function createDatabase(name: string): Promise<void> {
  const conn = await adminConnection();
  try {
    await conn.query(`CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await conn.end();
  }
}

export async function dropDatabase(name: string): Promise<void> {
  const conn = await adminConnection();
  try {
    await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
  } finally {
    await conn.end();
  }
}
