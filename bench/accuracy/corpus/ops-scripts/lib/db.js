'use strict';

const { Client } = require('pg');
const settings = require('./settings');

async function withDb(work) {
  const client = new Client(settings.ehrDb);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

module.exports = { withDb };
