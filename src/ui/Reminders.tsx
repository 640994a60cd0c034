/**
 * Reminders on the Settings screen: a daily study time; calendar files (.ics) for a daily event
 * or an interview plan's days; notifications (permission asked only when the user turns them
 * on); installing the app (the browser's prompt, or how to on iOS).
 */
import { useEffect, useState } from 'preact/hooks';
import { buildIcs, parseTime, type IcsEvent } from '../core/ics';
import { dateDayNumber } from '../core/interview-plan';
import { studyDayNumber } from '../core/time';
import { saveSettings } from '../storage';
import { listInterviews } from '../storage/interviews';
import { interviewPlan } from '../storage/interview-progress';
import { armStudyReminder, installPromptAvailable, takeInstallPrompt } from '../app/reminders';
import { useApp } from './context';
import { errorMessage } from './errors';
import { downloadBytes } from './worker-client';

const isIos = () => /iPad|iPhone|iPod/.test(navigator.userAgent) && !(navigator as Navigator & { standalone?: boolean }).standalone;

export function Reminders() {
  const { settings, setSettings, notify } = useApp();
  const [time, setTime] = useState(settings.studyTime ?? '07:30');
  const [canInstall, setCanInstall] = useState(installPromptAvailable());
  const [hasPlan, setHasPlan] = useState(false);
  const notifications = typeof Notification !== 'undefined';

  useEffect(() => {
    void listInterviews().then((l) => setHasPlan(l.some((i) => !i.ended && dateDayNumber(i.date) >= studyDayNumber(Date.now(), settings.dayStartHour))));
    const on = () => setCanInstall(true);
    addEventListener('beforeinstallprompt', on);
    return () => removeEventListener('beforeinstallprompt', on);
  }, []);

  const save = async (patch: Partial<typeof settings>) => {
    const next = await saveSettings({ ...settings, ...patch });
    setSettings(next);
    armStudyReminder(next);
    return next;
  };

  const at = parseTime(time);
  const today = new Date();
  const event = (uid: string, d: Date, minutes: number, summary: string, extra: Partial<IcsEvent> = {}): IcsEvent => ({ uid, start: { y: d.getFullYear(), m: d.getMonth() + 1, d: d.getDate(), hh: at!.hh, mm: at!.mm }, minutes, summary, ...extra });
  const download = (events: IcsEvent[], name: string) => downloadBytes(new TextEncoder().encode(buildIcs(events, Date.now())), name, 'text/calendar');

  const planDays = async () => {
    const list = (await listInterviews()).filter((i) => !i.ended);
    const events: IcsEvent[] = [];
    for (const iv of list) {
      const { status: s } = await interviewPlan(iv, Date.now(), settings);
      for (let k = 0; k <= s.daysToInterview; k++) {
        const d = new Date(today.getFullYear(), today.getMonth(), today.getDate() + k);
        const final = k >= s.daysForNew;
        events.push(event(`plan-${iv.id}-${k}@prepdeck`, d, 15, final ? `Prepdeck: review what would fade (${iv.company ?? 'interview'} ${k === s.daysToInterview ? 'today' : `in ${s.daysToInterview - k} days`})` : `Prepdeck: ${s.newToday} new cards (${iv.company ?? 'interview'} in ${s.daysToInterview - k} days)`));
      }
    }
    download(events, 'prepdeck-plan.ics');
  };

  return (
    <section aria-labelledby="reminders-title">
      <h2 id="reminders-title">Reminders</h2>
      <div class="field">
        <label for="study-time">Daily study time</label>
        <input
          id="study-time"
          type="time"
          value={time}
          onChange={(e) => {
            const v = (e.target as HTMLInputElement).value;
            setTime(v);
            if (parseTime(v)) void save({ studyTime: v }).catch((err: unknown) => notify(errorMessage(err)));
          }}
        />
      </div>
      <div class="reminder-actions">
        <button type="button" class="btn" disabled={!at} onClick={() => download([event('daily@prepdeck', today, 10, 'Prepdeck: ten minutes of review', { daily: true })], 'prepdeck-daily.ics')}>
          Add a daily reminder to my calendar
        </button>
        {hasPlan && (
          <button type="button" class="btn" disabled={!at} onClick={() => void planDays().catch((err: unknown) => notify(errorMessage(err)))}>
            Add my interview plan’s days
          </button>
        )}
      </div>
      {notifications ? (
        <div class="field field-check">
          <input
            id="remind"
            type="checkbox"
            checked={settings.remind === true && Notification.permission === 'granted'}
            onChange={async (e) => {
              const on = (e.target as HTMLInputElement).checked;
              // Permission is asked only now, when the user chooses notifications.
              if (on && Notification.permission !== 'granted' && (await Notification.requestPermission()) !== 'granted') {
                notify('Notifications are blocked for this site: the calendar file still reminds you.');
                (e.target as HTMLInputElement).checked = false;
                return;
              }
              await save({ remind: on, studyTime: time });
              notify(on ? `You will be notified at ${time} while Prepdeck is open.` : 'Notifications off.');
            }}
          />
          <label for="remind">Notify me at that time while Prepdeck is open</label>
        </div>
      ) : (
        <p class="muted small">This browser cannot show notifications from the app; the calendar file reminds you instead.</p>
      )}
      {canInstall && (
        <button
          type="button"
          class="btn"
          onClick={async () => {
            const p = takeInstallPrompt();
            setCanInstall(false);
            if (p) await p.prompt();
          }}
        >
          Install Prepdeck
        </button>
      )}
      {!canInstall && isIos() && <p class="muted small">To install Prepdeck on an iPhone or iPad: tap Share, then “Add to Home Screen”.</p>}
    </section>
  );
}
