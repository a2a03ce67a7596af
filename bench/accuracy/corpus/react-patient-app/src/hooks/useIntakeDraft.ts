import { useCallback, useEffect, useState } from 'react';
import type { IntakeDraft } from '../types';

const DRAFT_KEY = 'intake-draft-v2';
const STEP_KEY = 'intake-step';

const EMPTY: IntakeDraft = { step: 0, symptoms: [], currentMedications: [], notes: '' };

/** Keeps the intake questionnaire across reloads. */
export function useIntakeDraft(visitId: string) {
  const [draft, setDraft] = useState<IntakeDraft>(() => {
    const saved = sessionStorage.getItem(`${DRAFT_KEY}:${visitId}`);
    return saved ? (JSON.parse(saved) as IntakeDraft) : EMPTY;
  });

  useEffect(() => {
    sessionStorage.setItem(`${DRAFT_KEY}:${visitId}`, JSON.stringify(draft)); // expect: no-phi-in-client-storage
    localStorage.setItem(STEP_KEY, String(draft.step)); // ok: no-phi-in-client-storage
  }, [draft, visitId]);

  const update = useCallback((changes: Partial<IntakeDraft>) => setDraft((current) => ({ ...current, ...changes })), []);

  const saveSymptoms = useCallback((symptoms: string[]) => {
    update({ symptoms });
    localStorage.setItem('lastSymptoms', symptoms.join(',')); // expect: no-phi-in-client-storage
    localStorage.setItem('symptomCount', String(symptoms.length)); // ok: no-phi-in-client-storage
  }, [update]);

  const clear = useCallback(() => {
    sessionStorage.removeItem(`${DRAFT_KEY}:${visitId}`);
    localStorage.setItem('intake-completed-at', new Date().toISOString()); // ok: no-phi-in-client-storage
    setDraft(EMPTY);
  }, [visitId]);

  return { draft, update, saveSymptoms, clear };
}
