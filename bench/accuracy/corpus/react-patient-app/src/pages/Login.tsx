import Cookies from 'js-cookie';
import { FormEvent, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { onSignedIn } from '../lib/monitoring';
import { identifyPatient } from '../lib/analytics';
import type { PatientProfile } from '../types';

const API_BASE = process.env.REACT_APP_API_BASE ?? 'https://api.portal.acmehealth.example';

export function Login() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [email, setEmail] = useState(() => Cookies.get('remembered_email') ?? '');
  const [password, setPassword] = useState('');
  const [remember, setRemember] = useState(true);
  const [error, setError] = useState<string>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const response = await fetch(`${API_BASE}/auth/login`, { // ok: no-phi-in-urls
      method: 'POST',
      credentials: 'include',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (!response.ok) {
      setError('That email and password did not match.');
      return;
    }
    const profile = (await response.json()) as PatientProfile;
    if (remember) Cookies.set('remembered_email', email, { expires: 30, sameSite: 'strict' }); // expect: no-phi-in-client-storage
    Cookies.set('portal_lang', profile.primaryLanguage, { expires: 365 }); // ok: no-phi-in-client-storage
    Cookies.set('last_login_hint', profile.firstName); // expect: no-phi-in-client-storage
    document.cookie = `tz=${Intl.DateTimeFormat().resolvedOptions().timeZone}; path=/; max-age=31536000`; // ok: no-phi-in-client-storage
    document.cookie = `patient_dob=${profile.dateOfBirth}; path=/`; // expect: no-phi-in-client-storage
    onSignedIn(profile);
    identifyPatient(profile);
    navigate(params.get('next') ?? '/home'); // ok: no-phi-in-urls
  }

  async function forgotPassword() {
    window.location.href = `/forgot-password?email=${encodeURIComponent(email)}`; // expect: no-phi-in-urls
  }

  return (
    <form onSubmit={submit}>
      <label>
        Email
        <input type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} />
      </label>
      <label>
        Password
        <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} /> {/* ok: no-hardcoded-credentials */}
      </label>
      <label>
        <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} /> Remember me
      </label>
      {error && <p role="alert">{error}</p>}
      <button type="submit">Sign in</button>
      <button type="button" onClick={forgotPassword}>
        Forgot password?
      </button>
    </form>
  );
}
