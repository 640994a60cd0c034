import { useEffect, useRef, useState } from 'preact/hooks';
import { getStory, saveStory } from '../../storage';
import { errorMessage } from '../errors';

/** "My story": the user's own answer to a behavioural prompt, saved on the device as they type. */
export function StoryEditor({ noteId }: { noteId: string }) {
  const [text, setText] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const latest = useRef('');

  useEffect(() => {
    let live = true;
    void getStory(noteId).then((s) => {
      if (!live) return;
      latest.current = s?.text ?? '';
      setText(latest.current);
    });
    return () => {
      live = false;
      if (timer.current) {
        clearTimeout(timer.current);
        void saveStory(noteId, latest.current, Date.now());
      }
    };
  }, [noteId]);

  const save = async () => {
    timer.current = undefined;
    try {
      await saveStory(noteId, latest.current, Date.now());
      setStatus('Saved on this device');
    } catch (e) {
      setStatus(errorMessage(e));
    }
  };

  if (text === null) return null;
  return (
    <div class="story">
      <label for={`story-${noteId}`}>My story</label>
      <textarea
        id={`story-${noteId}`}
        rows={6}
        placeholder="Write your own answer: situation, task, action, result. It stays on this device and is included in backups."
        value={text}
        onInput={(e) => {
          latest.current = (e.target as HTMLTextAreaElement).value;
          setText(latest.current);
          setStatus('Saving…');
          if (timer.current) clearTimeout(timer.current);
          timer.current = setTimeout(() => void save(), 600);
        }}
        onBlur={() => {
          if (timer.current) {
            clearTimeout(timer.current);
            void save();
          }
        }}
      />
      <p class="muted story-status" aria-live="polite">
        {status}
      </p>
    </div>
  );
}
