import AsyncStorage from '@react-native-async-storage/async-storage';
import * as Sentry from '@sentry/react-native';
import { useEffect, useState } from 'react';
import { Button, FlatList, Linking, Text, View } from 'react-native';
import { api } from '../services/api';
import { segmentClient } from '../services/telemetry';
import type { Member, Prescription } from '../types';

interface RefillReminder {
  prescriptionId: string;
  drugName: string;
  hour: number;
  enabled: boolean;
}

const REMINDERS_KEY = 'refill-reminders';

/** Lets the member pick a daily reminder time for each active prescription. */
export function RefillReminderScreen({ member, prescriptions }: { member: Member; prescriptions: Prescription[] }) {
  const [reminders, setReminders] = useState<RefillReminder[]>([]);

  useEffect(() => {
    AsyncStorage.getItem(REMINDERS_KEY).then((saved) => setReminders(saved ? JSON.parse(saved) : []));
  }, []);

  async function save(next: RefillReminder[]) {
    setReminders(next);
    await AsyncStorage.setItem(REMINDERS_KEY, JSON.stringify(next)); // expect: no-phi-in-client-storage
    await AsyncStorage.setItem('refill-reminders:count', String(next.length)); // ok: no-phi-in-client-storage
  }

  async function enable(prescription: Prescription, hour: number) {
    const reminder: RefillReminder = { prescriptionId: prescription.id, drugName: prescription.drugName, hour, enabled: true };
    await save([...reminders.filter((r) => r.prescriptionId !== prescription.id), reminder]);
    segmentClient.track('Refill Reminder Enabled', { hour }); // ok: no-phi-in-analytics
    segmentClient.track('Refill Reminder Enabled', { drug: reminder.drugName, hour }); // expect: no-phi-in-analytics
    Sentry.addBreadcrumb({ category: 'reminders', message: 'reminder enabled', data: { prescriptionId: prescription.id } }); // ok: no-phi-in-error-tracking
    Sentry.addBreadcrumb({ category: 'reminders', message: `reminder enabled for ${prescription.drugName}` }); // expect: no-phi-in-error-tracking
  }

  async function requestRefill(prescription: Prescription) {
    try {
      await api.post(`/members/${member.id}/refills`, { prescriptionId: prescription.id }); // ok: no-phi-in-urls
    } catch (error) {
      Sentry.captureException(error, { extra: { drug: prescription.drugName, strength: prescription.strength } }); // expect: no-phi-in-error-tracking x2
      await api.get('/pharmacies/nearest', { params: { drug: prescription.drugName } }); // expect: no-phi-in-urls
      await Linking.openURL(`https://rxpartner.example.com/refill?drug=${encodeURIComponent(prescription.drugName)}`); // expect: no-phi-in-urls
    }
  }

  return (
    <View>
      <FlatList
        data={prescriptions.filter((p) => p.status === 'active')}
        keyExtractor={(p) => p.id}
        renderItem={({ item }) => (
          <View>
            <Text>{item.drugName} {item.strength}</Text>
            <Button title="Remind me at 9" onPress={() => enable(item, 9)} />
            <Button title="Refill" onPress={() => requestRefill(item)} />
          </View>
        )}
      />
    </View>
  );
}
