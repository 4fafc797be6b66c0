//! The job queue (§9.5 Jobs and Host Operations to Enqueue Jobs): a FIFO of pending promise
//! jobs held in `VmRoots::jobs` (traced by the collector) and [`run_jobs`], which drains it.
//! The host runs the queue after each script (`interpreter::run_script`).

use std::collections::VecDeque;

use heap::Tracer;

use crate::interpreter::builtins::promise;
use crate::interpreter::Throw;
use crate::runtime::agent::Agent;
use crate::runtime::value::Value;

/// What a job does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobKind {
    /// 27.2.2.1 NewPromiseReactionJob ( reaction, argument ): `a` = the reaction record,
    /// `b` = the argument.
    PromiseReaction,
    /// 27.2.2.2 NewPromiseResolveThenableJob ( promiseToResolve, thenable, then ): `a`, `b`,
    /// `c` in that order.
    PromiseResolveThenable,
    /// The host's continuation of `import()` (ContinueDynamicImport after loading): `a` = the
    /// promise, `b` = the request (see `modules::dynamic`).
    DynamicImport,
}

/// A pending job and the values it closes over.
#[derive(Clone, Copy, Debug)]
pub struct Job {
    /// The kind.
    pub kind: JobKind,
    /// First value.
    pub a: Value,
    /// Second value.
    pub b: Value,
    /// Third value.
    pub c: Value,
}

/// The queue (part of `VmRoots`).
#[derive(Default)]
pub struct JobQueue {
    pending: VecDeque<Job>,
}

impl JobQueue {
    /// Reports every value the pending jobs hold.
    pub fn trace(&self, tracer: &mut Tracer<'_>) {
        for job in &self.pending {
            for v in [job.a, job.b, job.c] {
                if let Some(cell) = v.as_cell() {
                    tracer.edge(cell);
                }
            }
        }
    }
}

/// HostEnqueuePromiseJob: appends a job (its values are traced from now on).
pub fn enqueue(agent: &mut Agent, job: Job) {
    agent.roots.vm.jobs.pending.push_back(job);
}

/// Runs jobs until the queue is empty. A job that throws stops the draining and reports the
/// exception (the remaining jobs stay queued).
pub fn run_jobs(agent: &mut Agent) -> Result<(), Throw> {
    while let Some(job) = agent.roots.vm.jobs.pending.pop_front() {
        agent.scope(|agent| {
            agent.root(job.a);
            agent.root(job.b);
            agent.root(job.c);
            match job.kind {
                JobKind::PromiseReaction => promise::promise_reaction_job(agent, job.a, job.b),
                JobKind::PromiseResolveThenable => {
                    promise::promise_resolve_thenable_job(agent, job.a, job.b, job.c)
                }
                JobKind::DynamicImport => {
                    crate::interpreter::modules::run_dynamic_import_job(agent, job.a, job.b)
                }
            }
        })?;
    }
    Ok(())
}
