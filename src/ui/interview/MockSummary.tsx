/** The end of a mock interview: time and grade per question, and drills for the weakest subtopics. */
import { summarise, type MockAnswer } from '../../core/mock-interview';
import { href } from '../router';
import { GRADES, TOPICS, clock } from './mock-shared';

export function Summary({ answers, onAgain }: { answers: MockAnswer[]; onAgain: () => void }) {
  const s = summarise(answers);
  return (
    <section class="settings interview" aria-labelledby="summary-title">
      <h1 id="summary-title">Mock interview summary</h1>
      <p>
        {s.questions} questions in {clock(s.totalSeconds)} minutes; {s.overTime} over time. Again {s.grades[0]}, Hard {s.grades[1]}, Good {s.grades[2]}, Easy {s.grades[3]}.
      </p>
      <div class="table-wrap">
        <table class="mock-table">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Subtopic</th>
              <th scope="col">Time</th>
              <th scope="col">Grade</th>
            </tr>
          </thead>
          <tbody>
            {answers.map((a, i) => (
              <tr>
                <th scope="row">{i + 1}</th>
                <td>
                  {a.candidate.topic} {TOPICS[a.candidate.topic] ?? ''}
                </td>
                <td>{clock(a.seconds)}</td>
                <td>{GRADES[a.rating - 1]![1]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {s.weakest.length > 0 ? (
        <>
          <h2>Drill the weakest</h2>
          <ul class="mock-drill">
            {s.weakest.slice(0, 3).map((t) => (
              <li>
                <a class="btn" href={href({ name: 'study', scope: `topic:${t}` })}>
                  Drill {t} {TOPICS[t] ?? ''}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>No answer was graded Again or Hard.</p>
      )}
      <button type="button" class="btn" onClick={onAgain}>
        Another mock interview
      </button>
    </section>
  );
}
