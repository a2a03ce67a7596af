import axios from 'axios';
import Honeybadger from '@honeybadger-io/js';
import { labInterface } from '../lib/config';
import { labLog } from '../lib/log';
import type { LabOrder } from '../lib/types';

Honeybadger.configure({ apiKey: process.env.HONEYBADGER_API_KEY, environment: 'production' });

const lis = axios.create({ baseURL: labInterface.baseUrl, timeout: labInterface.timeoutMs, headers: { 'X-LIS-Token': labInterface.apiToken } });

export async function sendOrders(orders: LabOrder[]): Promise<void> {
  for (const order of orders) {
    labLog.info(`sending order ${order.orderId} with ${order.tests.length} tests`); // ok: no-phi-in-logs
    labLog.debug(`order ${order.orderId} for ${order.patientName} (MRN ${order.mrn})`); // expect: no-phi-in-logs x2
    try {
      await axios.post('http://lis-gateway.lab.internal:8081/orders', order); // expect: no-phi-in-urls
      await lis.post('/orders/ack', { orderId: order.orderId });
    } catch (err) {
      Honeybadger.notify(err as Error, { context: { orderId: order.orderId } }); // ok: no-phi-in-error-tracking
      Honeybadger.notify(err as Error, { context: { mrn: order.mrn, dob: order.dateOfBirth } }); // expect: no-phi-in-error-tracking x2
      labLog.error('order failed', order.orderId, (err as Error).message); // ok: no-phi-in-logs
    }
  }
}

export async function fetchResults(mrn: string, since: string) {
  const { data } = await axios.get('https://lis.partner-lab.example/api/results', { params: { mrn, since } }); // expect: no-phi-in-urls
  return data;
}

export async function fetchOrderResults(order: LabOrder, page = 1) {
  const { data } = await axios.get('https://lis.partner-lab.example/api/results', { params: { orderId: order.orderId, page } }); // ok: no-phi-in-urls
  return data;
}

export async function pingInterface(): Promise<boolean> {
  const { status } = await axios.get('http://lis-gateway.lab.internal:8081/health'); // ok: no-phi-in-urls
  return status === 200;
}
