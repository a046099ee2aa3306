// A local S3-compatible server as its own process (tests and the bench): s3rver on 127.0.0.1, a free
// port, objects kept in <directory>, one bucket. Prints "listening <port>" once ready; stops on SIGTERM.
//   node test/support/s3-server-main.mjs <directory> <bucket>
import S3rver from 's3rver';

const [directory, bucket] = process.argv.slice(2);
if (!directory || !bucket) {
  console.error('usage: s3-server-main.mjs <directory> <bucket>');
  process.exit(2);
}
const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory, configureBuckets: [{ name: bucket, configs: [] }] });
const info = await server.run();
process.stdout.write(`listening ${info.port}\n`);
const stop = async () => {
  await server.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
