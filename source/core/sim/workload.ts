import { createHash } from 'node:crypto';
import type { Json } from '../decode/event-kinds.js';
import { createRng, type Rng } from './rng.js';
import { ScriptBuilder, type NodeDef, type NodeFault, type NodeOutcome, type NodeResult, type ScriptedEvent } from './script-builder.js';

/** One execution's complete, timed event log (a root, a child workflow or a continue-as-new segment). */
export interface ExecutionScript {
  /** Hyphenated UUID, as inside JSON bodies. */
  executionId: string;
  workflowId: string;
  workflowVersion: string;
  initialInput: Json;
  parentExecutionId?: string;
  segmentNumber: number;
  events: ScriptedEvent[];
  /** The approval gate the script holds a node at, when it has one: a decision over REST replaces the scripted one. */
  approvalGate?: ApprovalGate;
}

/** An approval decision as `POST /executions/:id/approve` carries it. */
export type ApprovalDecision = 'approved' | 'rejected';

/** A node held for approval, and how the execution goes on once someone decides. */
export interface ApprovalGate {
  nodeId: string;
  /**
   * The events after an `approval_received` with this decision (logged at `at` with sequence
   * `nextSequence - 1`): the node re-dispatched and the workflow completed, or the node and workflow failed.
   */
  resume(decision: ApprovalDecision, userId: string, comment: string | null, at: number, nextSequence: number): ScriptedEvent[];
}

/** A root execution due at `startAt`, with the scripts of every execution it spawns (children, segments). */
export interface WorkloadItem {
  startAt: number;
  scripts: ExecutionScript[];
}

/** An endless, deterministic source of demo executions. */
export interface Workload {
  next(): WorkloadItem;
}

const PRICES: Record<string, [number, number]> = {
  'gpt-4o': [2.5e-6, 10e-6], 'gpt-4o-mini': [0.15e-6, 0.6e-6],
  'claude-sonnet-4-6': [3e-6, 15e-6], 'claude-3-5-haiku-20241022': [0.8e-6, 4e-6],
};
const BIG_MODELS = ['gpt-4o', 'claude-sonnet-4-6', 'claude-sonnet-4-6', 'local/llama-3.1-8b'];
const SMALL_MODELS = ['gpt-4o-mini', 'claude-3-5-haiku-20241022', 'gpt-4o-mini', 'local/llama-3.1-8b'];
const TOPICS = ['event sourcing for agent runtimes', 'vector databases', 'durable execution', 'LLM evaluation', 'quarterly market report', 'RAG at scale'];
const TICKETS = ['refund not received', 'cannot log in', 'order arrived damaged', 'change delivery address', 'invoice is wrong'];
const USERS = ['alice', 'bob', 'carol'];

/** Every minute the queue backs up for 15 s: node_started then lags node_scheduled by seconds. */
const BACKLOG_PERIOD_MS = 60_000;
const BACKLOG_LENGTH_MS = 15_000;

const n = (id: string, kind: string, queue: string): NodeDef => ({ id, kind, queue });
const execForm = (uuid: string): string => `exec_${uuid.replace(/-/g, '')}`;

/** Continue-as-new segment ids are UUID v5 of `<parent>:<segment>`, like the runtime's segment.rs. */
function segmentId(parent: string, segment: number): string {
  const h = createHash('sha1').update(`${parent}:${segment}`).digest('hex').slice(0, 32).split('');
  h[12] = '5';
  h[16] = ((parseInt(h[16] as string, 16) & 0x3) | 0x8).toString(16);
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

function modelCall(rng: Rng, model: string, content: string, inRange: [number, number], outRange: [number, number]): NodeResult {
  const input = rng.int(...inRange);
  const output = rng.int(...outRange);
  const finish = rng.chance(0.95) ? 'stop' : 'length';
  const system = model.startsWith('gpt') ? 'openai' : model.startsWith('claude') ? 'anthropic' : 'unknown';
  const price = PRICES[model];
  // The stock runtime never fills cost_usd; the sim does for ~10% of priced calls to exercise both paths.
  const costUsd = price && rng.chance(0.1) ? Math.round((input * price[0] + output * price[1]) * 1e6) / 1e6 : undefined;
  return {
    output: { content, model, finish_reason: finish, tool_calls: [] },
    patch: { last_model_output: content, last_model_finish_reason: finish, last_model_tool_calls: [] },
    durationMs: 300 + output * rng.int(4, 9),
    genAi: costUsd === undefined ? { system, model, input, output, finish } : { system, model, input, output, finish, costUsd },
  };
}

function pickFault(rng: Rng): NodeFault | 'limit' {
  const r = rng.next();
  if (r < 0.7) return 'none';
  if (r < 0.76) return 'lease_then_fatal';
  if (r < 0.8) return 'lease_then_ok';
  if (r < 0.81) return 'exhaust';
  if (r < 0.89) return 'park';
  if (r < 0.93) return 'cancel';
  if (r < 0.97) return 'cancel_late';
  return 'limit';
}

/** What follows an approval decision at the cms gate: the node re-dispatched and run, or failed by the rejection. */
function afterApproval(b: ScriptBuilder, rng: Rng, node: NodeDef, decision: ApprovalDecision, user: string, comment: string | null): [NodeOutcome, string] {
  if (decision === 'approved') {
    b.schedule(node);
    b.start(node, 0);
    b.complete(node, { output: {}, patch: {}, durationMs: rng.int(200, 900) });
    return ['ok', ''];
  }
  b.fail(node, `approval rejected by ${user}${comment ? `: ${comment}` : ''}`, 0, false, rng.int(150, 500));
  return ['failed', node.id];
}

interface Step { node: NodeDef; result: () => NodeResult; fatal?: string; faultable?: boolean }

/** Runs steps in order, injecting `fault` at step `at`; stops at the first step that does not end ok. */
function runSteps(b: ScriptBuilder, steps: Step[], fault: NodeFault, at: number): [NodeOutcome, string] {
  for (const [i, s] of steps.entries()) {
    const outcome = b.run(s.node, s.result(), i === at ? fault : 'none', s.fatal);
    if (outcome !== 'ok') return [outcome, s.node.id];
  }
  return ['ok', ''];
}

/** Creates the deterministic demo workload for `seed`, starting `rate` executions per (virtual) second from `startTime`. */
export function createWorkload(seed: number, startTime: number, rate: number): Workload {
  const rng = createRng(seed);
  const backlogAt = (t: number): boolean => (t - startTime) % BACKLOG_PERIOD_MS >= BACKLOG_PERIOD_MS - BACKLOG_LENGTH_MS;
  let clock = startTime;

  const begin = (workflowId: string, version: string, input: Record<string, Json>, at: number, id = rng.uuid()): ScriptBuilder => {
    const b = new ScriptBuilder(rng, id, at - 1, input, backlogAt);
    b.emit(1, { type: 'workflow_started', workflow_id: workflowId, workflow_version: version, initial_input: input });
    return b;
  };
  const script = (b: ScriptBuilder, workflowId: string, version: string, input: Json, extra: Partial<ExecutionScript> = {}): ExecutionScript =>
    ({ executionId: b.executionId, workflowId, workflowVersion: version, initialInput: input, segmentNumber: 0, events: b.events, ...extra });

  function researchBrief(at: number): ExecutionScript[] {
    const input = { topic: rng.pick(TOPICS) };
    const nodes = [n('search', 'tool', 'tool'), n('draft', 'model', 'model'), n('evaluate', 'eval', 'general')];
    const b = begin('research_brief', '1.0.0', input, at);
    const fault = pickFault(rng);
    const results = [{ title: `${input.topic}: an overview`, url: `https://example.com/${rng.hex(8)}` }];
    const evaluate = (): NodeResult => {
      const score = rng.int(2, 5);
      const passed = score >= 3;
      const scorer = { scorer: 'llm_judge', passed, score, message: `score=${score}/5 (min=3)` };
      const verdict = rng.chance(0.4)
        ? { type: 'critic_verdict', node_id: 'evaluate', score: score / 5, passed, feedback: passed ? null : 'Needs concrete sources.' }
        : undefined;
      return {
        output: { passed, scorers: [scorer], on_fail: 'retry_with_feedback', max_retries: 2 },
        patch: { eval_passed: passed, eval_action: passed ? 'continue' : 'retry_with_feedback', eval_results: [scorer] },
        durationMs: rng.int(150, 1_600), finishReason: passed ? 'pass' : 'fail', ...(verdict ? { before: verdict } : {}),
      };
    };
    const steps: Step[] = [
      { node: nodes[0]!, result: () => ({ output: { results }, patch: { search_results: results }, durationMs: rng.int(300, 1_500) }), fatal: 'tool error: upstream returned 503' },
      { node: nodes[1]!, result: () => modelCall(rng, rng.pick(BIG_MODELS), `Brief on ${input.topic}...`, [800, 6_000], [200, 1_400]), fatal: 'Model call failed: context window exceeded: 212034 tokens > 200000 limit' },
      { node: nodes[2]!, result: evaluate },
    ];
    if (fault === 'limit') {
      // Continue-as-new: the token budget trips after draft, the segment rolls over into a new execution.
      runSteps(b, steps.slice(0, 2), 'none', -1);
      const next = segmentId(b.executionId, 1);
      b.emit(2, { type: 'segment_boundary', segment_number: 1, next_execution_id: next });
      const carried = Object.fromEntries(Object.entries(b.state).filter(([k]) => k !== '__budget'));
      const s = begin('research_brief', '1.0.0', carried, b.t + 3, next);
      s.finish(runSteps(s, [steps[2]!], 'none', -1)[0]);
      return [script(b, 'research_brief', '1.0.0', input), script(s, 'research_brief', '1.0.0', carried, { parentExecutionId: b.executionId, segmentNumber: 1 })];
    }
    const [outcome, failed] = runSteps(b, steps, fault, fault === 'park' ? 1 : rng.int(0, 2));
    b.finish(outcome, failed);
    return [script(b, 'research_brief', '1.0.0', input)];
  }

  function supportTriage(at: number): ExecutionScript[] {
    const input = { ticket_id: `T-${rng.int(10_000, 99_999)}`, text: rng.pick(TICKETS) };
    const nodes = [n('classify', 'model', 'model'), n('route', 'condition', 'general'), n('lookup', 'python_fn', 'python_tool'), n('reply', 'model', 'model')];
    const b = begin('support_triage', '1.3.0', input, at);
    const fault = pickFault(rng);
    const lookup = (status: string): NodeResult => ({ output: { status }, patch: { order_status: status }, durationMs: rng.int(200, 900) });
    const steps: Step[] = [
      { node: nodes[0]!, result: () => modelCall(rng, rng.pick(SMALL_MODELS), rng.pick(['billing', 'account', 'shipping']), [150, 900], [5, 40]) },
      { node: nodes[1]!, result: () => ({ output: { chosen_target: 'lookup', branch_targets: ['lookup', 'escalate'] }, patch: {}, durationMs: rng.int(2, 30) }) },
      { node: nodes[2]!, result: () => lookup(rng.pick(['shipped', 'pending', 'refunded'])) },
      { node: nodes[3]!, result: () => modelCall(rng, rng.pick(BIG_MODELS), `Hello, about "${input.text}"...`, [400, 2_500], [80, 500]) },
    ];
    const [o1, f1] = runSteps(b, steps.slice(0, 2), fault === 'limit' ? 'none' : fault, 0);
    if (o1 !== 'ok') {
      b.finish(o1, f1);
      return [script(b, 'support_triage', '1.3.0', input)];
    }
    b.emit(b.tickGap(), { type: 'node_skipped', node_id: 'escalate', reason: 'branch not taken' }, 'tool');
    const [outcome, failed] = runSteps(b, steps.slice(2), 'none', -1);
    b.finish(outcome, failed);
    return [script(b, 'support_triage', '1.3.0', input)];
  }

  function cmsPublisher(at: number): ExecutionScript[] {
    const input = { doc_id: `post-${rng.hex(6)}` };
    const draft = n('draft_post', 'model', 'model');
    const publish = n('publish', 'tool', 'tool');
    const b = begin('cms_publisher', '1.0.0', input, at);
    const fault = pickFault(rng);
    let failed = 'draft_post';
    let approvalGate: ApprovalGate | undefined;
    let outcome = b.run(draft, modelCall(rng, rng.pick(BIG_MODELS), 'Draft post body...', [500, 3_000], [300, 1_200]), fault === 'limit' ? 'none' : fault);
    if (outcome === 'ok') {
      // Policy approval gate: held after node_started, re-dispatched with attempt 0 again once approved.
      b.schedule(publish);
      b.start(publish, 0);
      b.emit(rng.int(4, 12), { type: 'tool_approval_required', node_id: 'publish', tool_name: 'cms.publish', approver: 'human', context: { node_id: 'publish' } }, 'tool');
      const resumeFrom = b.checkpoint();
      approvalGate = {
        nodeId: 'publish',
        resume(decision, userId, comment, at, nextSequence) {
          // Seeded by the execution id, so the same decision at the same time always plays out the same.
          const own = createRng(parseInt(b.executionId.slice(0, 8), 16));
          const r = resumeFrom(own, at, nextSequence);
          r.finish(...afterApproval(r, own, publish, decision, userId, comment));
          return r.events;
        },
      };
      const user = rng.pick(USERS);
      const approved = rng.chance(0.75);
      const comment = approved ? null : rng.pick([null, 'not ready', 'wrong channel']);
      b.emit(rng.int(5_000, 60_000), { type: 'approval_received', node_id: 'publish', user_id: user, decision: approved ? 'approved' : 'rejected', comment, state_patch: null }, 'tool');
      [outcome, failed] = afterApproval(b, rng, publish, approved ? 'approved' : 'rejected', user, comment);
    }
    b.finish(outcome, failed);
    return [script(b, 'cms_publisher', '1.0.0', input, approvalGate ? { approvalGate } : {})];
  }

  function reportPipeline(at: number): ExecutionScript[] {
    const input = { topic: rng.pick(TOPICS), audience: rng.pick(['board', 'team', 'investors']) };
    const research = n('research', 'subgraph', 'general');
    const b = begin('report_pipeline', '2.1.0', input, at);
    const fault = pickFault(rng);
    b.schedule(research);
    b.start(research, 0);
    const startedAt = b.t;
    const childId = rng.uuid();
    b.emit(rng.int(5, 400), { type: 'child_workflow_started', node_id: 'research', child_execution_id: execForm(childId), child_workflow_id: 'deep_research' }, 'subgraph');
    const childInput = { topic: input.topic };
    const gather = n('gather', 'model', 'model');
    const c = begin('deep_research', '1.0.0', childInput, b.t + 5, childId);
    const gathered = modelCall(rng, rng.pick(BIG_MODELS), `{"summary": "Findings on ${input.topic}", "sources": 7}`, [2_000, 8_000], [300, 1_200]);
    c.finish(runSteps(c, [{ node: gather, result: () => gathered }], 'none', -1)[0]);
    b.t = c.t;
    const result = { summary: `Findings on ${input.topic}`, sources: rng.int(3, 12) };
    b.emit(rng.int(20, 60), { type: 'child_workflow_completed', node_id: 'research', child_execution_id: execForm(childId), result }, 'subgraph');
    b.complete(research, { output: result, patch: { research: result }, durationMs: b.t + 6 - startedAt }, 6);
    const write = n('write', 'model', 'model');
    const [outcome, failed] = runSteps(b, [{ node: write, result: () => modelCall(rng, rng.pick(BIG_MODELS), 'Report body...', [1_500, 9_000], [400, 1_800]) }], fault === 'limit' ? 'none' : fault, 0);
    b.finish(outcome, failed);
    return [script(b, 'report_pipeline', '2.1.0', input), script(c, 'deep_research', '1.0.0', childInput)];
  }

  return {
    next() {
      clock += Math.max(1, Math.round((-Math.log(1 - rng.next()) * 1000) / rate));
      const r = rng.next();
      const scripts = r < 0.35 ? researchBrief(clock) : r < 0.65 ? supportTriage(clock) : r < 0.8 ? cmsPublisher(clock) : reportPipeline(clock);
      return { startAt: clock, scripts };
    },
  };
}
