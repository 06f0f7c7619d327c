import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { S3Info } from '@logflush/services/types';

/*
 * An S3Proxy of this test's own, which it can stop and start again: the shared server must stay
 * up for the other tests, and its scripts wipe the data on every fresh start. This one runs the
 * same jars (resolved by the services' scripts), with the same credentials, on another loopback
 * port, and keeps its data directory across restarts.
 */
const servicesDir = path.resolve(import.meta.dirname, '../../../tooling/services');

async function classpath(): Promise<string> {
  const module = (await import(pathToHref(path.join(servicesDir, 'lib/classpath.mjs')))) as {
    resolveClasspath(name: string, pom: string): Promise<string>;
  };
  return module.resolveClasspath('s3proxy', path.join(servicesDir, 's3/pom.xml'));
}

function pathToHref(file: string): string {
  return new URL(`file://${file}`).href;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get(url, { timeout: 1000 }, (response) => {
      response.resume();
      resolve(true);
    });
    request.once('timeout', () => {
      request.destroy();
      resolve(false);
    });
    request.once('error', () => resolve(false));
  });
}

export class OwnS3Proxy {
  #process: ChildProcess | undefined;

  private constructor(
    readonly info: S3Info,
    private readonly classpath: string,
    private readonly propertiesFile: string,
  ) {}

  /** Writes the config under `dir` and starts the server. */
  static async start(dir: string, shared: S3Info): Promise<OwnS3Proxy> {
    const port = await freePort();
    const endpoint = `http://127.0.0.1:${port}`;
    const dataDir = path.join(dir, 'data');
    fs.mkdirSync(path.join(dataDir, shared.bucket), { recursive: true });
    const propertiesFile = path.join(dir, 's3proxy.properties');
    const properties = {
      's3proxy.endpoint': endpoint,
      's3proxy.authorization': 'aws-v2-or-v4',
      's3proxy.identity': shared.accessKeyId,
      's3proxy.credential': shared.secretAccessKey,
      'jclouds.provider': 'filesystem-nio2',
      'jclouds.filesystem.basedir': dataDir,
      'jclouds.identity': 'local',
      'jclouds.credential': 'local',
    };
    fs.writeFileSync(
      propertiesFile,
      Object.entries(properties)
        .map(([k, v]) => `${k}=${v}\n`)
        .join(''),
    );
    const info: S3Info = { ...shared, endpoint, dataDir, logFile: path.join(dir, 's3proxy.log') };
    const server = new OwnS3Proxy(info, await classpath(), propertiesFile);
    await server.restart();
    return server;
  }

  /** Starts the server (again), on the same port and data; resolves once it answers HTTP. */
  async restart(): Promise<void> {
    const log = fs.openSync(this.info.logFile, 'a');
    this.#process = spawn(
      'java',
      [
        '-Xmx128m',
        '-XX:+UseSerialGC',
        '-XX:TieredStopAtLevel=1',
        `-Dlogback.configurationFile=${path.join(servicesDir, 's3/logback.xml')}`,
        '-cp',
        this.classpath,
        'org.gaul.s3proxy.Main',
        '--properties',
        this.propertiesFile,
      ],
      { stdio: ['ignore', log, log] },
    );
    fs.closeSync(log);
    const deadline = Date.now() + 60_000;
    while (!(await answers(`${this.info.endpoint}/`))) {
      if (this.#process.exitCode !== null)
        throw new Error(`S3Proxy exited at start; see ${this.info.logFile}`);
      if (Date.now() > deadline)
        throw new Error(`S3Proxy did not answer within 60 s; see ${this.info.logFile}`);
      await sleep(100);
    }
  }

  /** Kills the server at once (SIGKILL), as a crash would, and waits until it is gone. */
  async kill(): Promise<void> {
    const child = this.#process;
    this.#process = undefined;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}
