using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Vpp.Domain.Calendar;
using Vpp.Domain.Dispatch;

namespace Vpp.Application.Dispatch;

/// <summary>
/// Runs one dispatch event (instance id = event id): at its notice time plan its devices and notify their customers, wait (replanning when a
/// customer opts out or a manager changes the event), pre-condition where the plan does, command the devices at the
/// start, watch delivery every minute and cover a shortfall that lasts two minutes (and release early what a target
/// lowered during the event no longer needs), restore with a staggered release,
/// watch the rebound, report, complete. A cancellation restores at once. Customers told of the event are told of what
/// changes after (a new end, a cancellation, their devices released early), from version 1.1 (ADR 0041). Each step is
/// an activity whose side effects carry idempotency keys (one twin command per device and step, one notification per
/// customer and change), so a host that dies anywhere resumes without doing anything twice. Time is the product's
/// (<see cref="DispatchTimeline"/>): the local stack's may run faster than the wall clock durable timers keep. A step
/// that still fails after its retries fails the event; the watch's steps only log and the event goes on (ADR 0044).
/// </summary>
[DurableTask(Name)]
public sealed class DispatchEventOrchestrator : TaskOrchestrator<DispatchRun, string>
{
    public const string Name = "DispatchEvent";

    /// <summary>The version from which customers are told of changes after the notice; older instances replay as they ran.</summary>
    public const string TellsChangesSince = "1.1";

    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    /// <summary>Activities retry with backoff; a webhook that still fails after these is recorded and the event goes on.</summary>
    private static readonly TaskOptions Retried = TaskOptions.FromRetryPolicy(new RetryPolicy(5, TimeSpan.FromSeconds(2), 2, TimeSpan.FromMinutes(1)));

    public override async Task<string> RunAsync(TaskOrchestrationContext context, DispatchRun input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var run = new Run(context, input);
        try
        {
            return await RunEventAsync(run);
        }
        catch (TaskFailedException failure)
        {
            return await FailAsync(run, failure);
        }
    }

    /// <summary>The event's course from its notice to its report.</summary>
    private static async Task<string> RunEventAsync(Run run)
    {
        var dispatchEvent = await run.AdvanceAsync(null, null);
        if (dispatchEvent is null || dispatchEvent.Status == DispatchEventStatus.Proposed)
        {
            return dispatchEvent is null ? "missing" : DispatchEvent.Name(dispatchEvent.Status);
        }

        if (dispatchEvent.IsOver)
        {
            return DispatchEvent.Name(dispatchEvent.Status);
        }

        // Customers hear of an event when its notice says (day-ahead: 12 hours before), and the plan is made then, from
        // the fleet as it is; a manager's change or cancellation before that only wakes the wait.
        while (dispatchEvent is { IsOver: false } && await run.WaitUntilAsync(NoticeUtc(dispatchEvent)) is not null)
        {
            dispatchEvent = await run.AdvanceAsync(null, null);
        }

        if (dispatchEvent is not { IsOver: false })
        {
            return dispatchEvent is null ? "missing" : DispatchEvent.Name(dispatchEvent.Status);
        }

        var plan = await run.PlanAsync();
        if (dispatchEvent.Status == DispatchEventStatus.Scheduled)
        {
            var failed = await run.NotifyAsync(plan);
            dispatchEvent = await run.AdvanceAsync(DispatchEventStatus.Notified,
                $"{plan.Customers} customers notified{(failed > 0 ? $", {failed} batches of webhooks failing" : string.Empty)}; {plan.Participants} devices taking part, {plan.Reserves} in reserve");
        }

        // Until pre-conditioning (or the start): opt-outs and changes replan.
        var startUtc = dispatchEvent?.StartUtc ?? default;
        (dispatchEvent, plan) = await WaitAndReplanAsync(run, dispatchEvent, plan, plan.Preconditioning > 0 ? startUtc - DispatchPlanning.PreconditionLead : startUtc);

        if (dispatchEvent is { IsOver: false } && plan.Preconditioning > 0 && run.Now < dispatchEvent.StartUtc)
        {
            dispatchEvent = await run.AdvanceAsync(DispatchEventStatus.Preconditioning, $"{plan.Preconditioning} devices pre-conditioning");
            if (dispatchEvent is { IsOver: false })
            {
                await run.CommandAsync(DispatchStep.Precondition, plan, null, null);
            }

            (dispatchEvent, plan) = await WaitAndReplanAsync(run, dispatchEvent, plan, dispatchEvent?.StartUtc ?? default);
        }

        if (dispatchEvent is { IsOver: false })
        {
            dispatchEvent = await run.AdvanceAsync(DispatchEventStatus.Active, "started");
        }

        if (dispatchEvent is { IsOver: false })
        {
            await run.CommandAsync(DispatchStep.Shed, plan, null, null);
            dispatchEvent = await WatchAsync(run, dispatchEvent, plan);
        }

        return await FinishAsync(run, dispatchEvent, plan);
    }

    /// <summary>Waits until <paramref name="until"/>; each signal before the start rereads the event and replans without those who left.</summary>
    private static async Task<(DispatchEvent? Event, DispatchPlan Plan)> WaitAndReplanAsync(Run run, DispatchEvent? dispatchEvent, DispatchPlan plan, DateTimeOffset until)
    {
        while (dispatchEvent is { IsOver: false } && await run.WaitUntilAsync(until) is not null)
        {
            var endUtc = dispatchEvent.EndUtc;
            dispatchEvent = await run.AdvanceAsync(null, null);
            if (dispatchEvent is { IsOver: false } && run.Now < dispatchEvent.StartUtc)
            {
                plan = await run.PlanAsync();
            }

            await run.TellIfMovedAsync(dispatchEvent, endUtc, plan);
        }

        return (dispatchEvent, plan);
    }

    /// <summary>Every minute until the end (which a manager may move) or a cancellation: measure, and correct a lasting shortfall.</summary>
    private static async Task<DispatchEvent?> WatchAsync(Run run, DispatchEvent? dispatchEvent, DispatchPlan plan)
    {
        var watch = DeliveryWatch.Start;
        var corrections = 0;
        var minuteEnd = UtcIntervals.Ceiling(run.Now + TimeSpan.FromSeconds(1), Minute);
        while (dispatchEvent is { IsOver: false })
        {
            var due = minuteEnd < dispatchEvent.EndUtc ? minuteEnd : dispatchEvent.EndUtc;
            if (await run.WaitUntilAsync(due) is not null)
            {
                var (targetKw, endUtc) = (dispatchEvent.TargetKw, dispatchEvent.EndUtc);
                dispatchEvent = await run.AdvanceAsync(null, null);
                if (dispatchEvent is { IsOver: false, TargetKw: { } lowered } && (targetKw is null || lowered < targetKw))
                {
                    var releasedUtc = run.Now;
                    var (_, released) = await run.CallOrGoOnAsync<int>(ReleaseSurplusActivity.Name, new SurplusReleaseRequest(run.Input.ProgramId, run.Input.EventId, releasedUtc));
                    if (released > 0 && run.TellsChanges)
                    {
                        await run.NotifyAsync(plan, CustomerNotificationKind.ReleasedEarly, releasedUtc);
                    }
                }

                await run.TellIfMovedAsync(dispatchEvent, endUtc, plan);
                continue;
            }

            if (due >= dispatchEvent.EndUtc)
            {
                break;
            }

            var (measured, minute) = await run.CallOrGoOnAsync<DeliveryMinute>(MeasureDeliveryActivity.Name, new DeliveryMeasurement(run.Input.ProgramId, run.Input.EventId, minuteEnd));
            if (measured)
            {
                (watch, var correctionKw) = watch.Observe(minute!.DeliveredKw, minute.TargetKw, minute.TargetKw * run.Input.ShortfallTolerance,
                    TimeSpan.FromSeconds(minute.ReportingIntervalSeconds));
                if (correctionKw > 0)
                {
                    await run.CallOrGoOnAsync<double>(CorrectShortfallActivity.Name, new ShortfallCorrection(run.Input.ProgramId, run.Input.EventId, correctionKw, ++corrections, minuteEnd));
                }
            }

            minuteEnd += Minute;
        }

        return dispatchEvent;
    }

    /// <summary>Restore (at once when cancelled, else staggered from the end), watch the rebound, report, complete.</summary>
    private static async Task<string> FinishAsync(Run run, DispatchEvent? dispatchEvent, DispatchPlan plan)
    {
        var commanded = run.Commanded;
        if (dispatchEvent is null)
        {
            return "missing";
        }

        var cancelled = dispatchEvent.Status != DispatchEventStatus.Active;
        if (!cancelled)
        {
            dispatchEvent = await run.AdvanceAsync(DispatchEventStatus.Restoring, $"released within {run.Input.ReleaseWindow.TotalMinutes:0} minutes, each when its catch-up fits under the undispatched peak") ?? dispatchEvent;
            cancelled = dispatchEvent.Status != DispatchEventStatus.Restoring;
        }

        var releaseFrom = cancelled ? run.Now : dispatchEvent.EndUtc;
        var window = cancelled ? TimeSpan.Zero : run.Input.ReleaseWindow;
        if (commanded)
        {
            await run.CommandAsync(DispatchStep.Restore, plan, releaseFrom, window);
        }

        if (!cancelled && commanded)
        {
            // The rebound: the release window and as long again after it, while deferred load comes back.
            await run.WaitUntilAsync(releaseFrom + (2 * window) + Minute, signals: false);
        }

        if (dispatchEvent.Status == DispatchEventStatus.Cancelled && run.TellsChanges)
        {
            await run.NotifyAsync(plan, CustomerNotificationKind.Cancelled, run.Now);
        }

        await run.CallAsync<double>(ReportDispatchActivity.Name, new DispatchReportRequest(run.Input.ProgramId, run.Input.EventId, run.Input.ReleaseWindow));
        if (!cancelled)
        {
            dispatchEvent = await run.AdvanceAsync(DispatchEventStatus.Completed, "restored and reported") ?? dispatchEvent;
        }

        return DispatchEvent.Name(dispatchEvent.Status);
    }

    /// <summary>
    /// A step that still fails after its retries (the plan, a command, a move of the event's state, the report) ends the
    /// event as failed, the step and its error the cause in its history. The devices commanded are released at once
    /// (their shed command carries its own release, so a restore that fails as well still holds none past it), what
    /// they delivered until then is reported, and the customers who were told are told it is off (when it had not ended).
    /// </summary>
    private static async Task<string> FailAsync(Run run, TaskFailedException failure)
    {
        var dispatchEvent = await run.AdvanceAsync(DispatchEventStatus.Failed, $"{failure.TaskName} failed after its retries: {failure.FailureDetails.ErrorMessage}");
        if (dispatchEvent?.Status != DispatchEventStatus.Failed || run.Plan is not { } plan)
        {
            return dispatchEvent is null ? "missing" : DispatchEvent.Name(dispatchEvent.Status);
        }

        if (run.Commanded)
        {
            await run.GoOnAfterAsync(run.CommandAsync(DispatchStep.Restore, plan, run.Now, TimeSpan.Zero));
        }

        // After the end there is nothing to call off: the customers heard of an event that ran.
        if (run.Told && run.TellsChanges && run.Now < dispatchEvent.EndUtc)
        {
            await run.NotifyAsync(plan, CustomerNotificationKind.Cancelled, run.Now);
        }

        if (run.Commanded)
        {
            await run.GoOnAfterAsync(run.CallAsync<double>(ReportDispatchActivity.Name, new DispatchReportRequest(run.Input.ProgramId, run.Input.EventId, run.Input.ReleaseWindow)));
        }

        return DispatchEvent.Name(dispatchEvent.Status);
    }

    /// <summary>When customers hear of it: its notice's lead before the start, and at least in time to pre-condition (an immediate event at once).</summary>
    private static DateTimeOffset NoticeUtc(DispatchEvent dispatchEvent)
    {
        var lead = DispatchNotices.MinimumLead(dispatchEvent.Notice);
        return dispatchEvent.StartUtc - (lead > DispatchPlanning.PreconditionLead ? lead : DispatchPlanning.PreconditionLead);
    }

    /// <summary>The orchestration's context and input, with the product's clock and the retried calls every step makes.</summary>
    private sealed class Run(TaskOrchestrationContext context, DispatchRun input)
    {
        private Task<DispatchEventSignal>? pendingSignal;

        public DispatchRun Input { get; } = input;

        public DateTimeOffset Now => Input.Timeline.ToProduct(new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero));

        /// <summary>Whether the instance's version tells customers of changes (<see cref="TellsChangesSince"/>).</summary>
        public bool TellsChanges { get; } = context.CompareVersionTo(TellsChangesSince) >= 0;

        /// <summary>The plan the event's devices were last planned with; none before the notice.</summary>
        public DispatchPlan? Plan { get; private set; }

        /// <summary>Whether any device was sent a command that holds it (pre-conditioning or shedding).</summary>
        public bool Commanded { get; private set; }

        /// <summary>Whether the customers were sent the event's notice.</summary>
        public bool Told { get; private set; }

        public Task<T> CallAsync<T>(string activity, object request) => context.CallActivityAsync<T>(activity, request, Retried);

        /// <summary>
        /// A step the event goes on without when it still fails after its retries: a minute not measured is not a
        /// shortfall, and a correction or early release not made leaves the devices shedding as commanded.
        /// </summary>
        public async Task<(bool Done, T? Value)> CallOrGoOnAsync<T>(string activity, object request)
        {
            try
            {
                return (true, await CallAsync<T>(activity, request));
            }
            catch (TaskFailedException failure)
            {
                GoingOnWithout(failure);
                return (false, default);
            }
        }

        /// <summary>Waits for <paramref name="step"/>; a failure after its retries is logged and the event goes on.</summary>
        public async Task GoOnAfterAsync(Task step)
        {
            try
            {
                await step;
            }
            catch (TaskFailedException failure)
            {
                GoingOnWithout(failure);
            }
        }

        private void GoingOnWithout(TaskFailedException failure) =>
            context.CreateReplaySafeLogger<DispatchEventOrchestrator>().LogWarning(
                "Event {EventId}: {Step} failed after its retries at {ProductTime}; the event goes on without it: {Error}", Input.EventId, failure.TaskName, Now, failure.FailureDetails.ErrorMessage);

        /// <summary>Plans (or replans) the event's devices.</summary>
        public async Task<DispatchPlan> PlanAsync() =>
            Plan = await CallAsync<DispatchPlan>(PlanDispatchActivity.Name, new DispatchPlanRequest(Input.ProgramId, Input.EventId, Input.ReleaseWindow));

        public Task<DispatchEvent?> AdvanceAsync(DispatchEventStatus? to, string? cause) =>
            CallAsync<DispatchEvent?>(AdvanceDispatchEventActivity.Name, new DispatchAdvance(Input.ProgramId, Input.EventId, to, cause));

        /// <summary>Tells the customers who were told of the event that its end moved, if it did and it is still on.</summary>
        public async Task TellIfMovedAsync(DispatchEvent? dispatchEvent, DateTimeOffset endUtcBefore, DispatchPlan plan)
        {
            if (dispatchEvent is { IsOver: false } && dispatchEvent.EndUtc != endUtcBefore && TellsChanges)
            {
                await NotifyAsync(plan, CustomerNotificationKind.Changed, Now);
            }
        }

        /// <summary>Notifies every batch of customers of the notice or a change; returns how many batches still failed after their retries.</summary>
        public async Task<int> NotifyAsync(DispatchPlan plan, CustomerNotificationKind kind = CustomerNotificationKind.Notice, DateTimeOffset? changedUtc = null)
        {
            Told |= kind == CustomerNotificationKind.Notice;
            var batches = Enumerable.Range(0, plan.CustomerBatchStarts.Count)
                .Select(async i =>
                {
                    var (from, until) = DispatchBatches.Range(plan.CustomerBatchStarts, i);
                    try
                    {
                        await CallAsync<int>(NotifyCustomersActivity.Name, new NotificationBatch(Input.ProgramId, Input.EventId, from, until, kind, changedUtc));
                        return 0;
                    }
                    catch (TaskFailedException)
                    {
                        return 1;
                    }
                })
                .ToList();
            return (await Task.WhenAll(batches)).Sum();
        }

        /// <summary>Fans the step's commands out over the plan's batches.</summary>
        public async Task<DispatchCommandResult> CommandAsync(DispatchStep step, DispatchPlan plan, DateTimeOffset? releaseFrom, TimeSpan? releaseWindow)
        {
            // Set before the batches go out: a batch that fails may have commanded some of its devices.
            Commanded |= step != DispatchStep.Restore;
            var results = await Task.WhenAll(Enumerable.Range(0, plan.DeviceBatchStarts.Count)
                .Select(i => DispatchBatches.Range(plan.DeviceBatchStarts, i))
                .Select(range => CallAsync<DispatchCommandResult>(CommandDevicesActivity.Name,
                    new DeviceCommandBatch(Input.ProgramId, Input.EventId, step, range.From, range.Until, releaseFrom, releaseWindow))));
            return results.Aggregate(DispatchCommandResult.None, (sum, r) => sum.Plus(r));
        }

        /// <summary>
        /// Waits until <paramref name="due"/> (product time); returns the signal that came first, if one did. One wait for
        /// a signal stays pending across timers rather than being cancelled with each: a signal raised after a cancelled
        /// wait would be handed to that dead wait (the SDK keeps it queued) and fail the orchestration.
        /// </summary>
        public async Task<DispatchEventSignal?> WaitUntilAsync(DateTimeOffset due, bool signals = true)
        {
            var wallDue = Input.Timeline.ToWall(due).UtcDateTime;
            if (wallDue <= context.CurrentUtcDateTime)
            {
                return null;
            }

            using var cancelTimer = new CancellationTokenSource();
            var timer = context.CreateTimer(wallDue, cancelTimer.Token);
            if (!signals)
            {
                await timer;
                return null;
            }

            pendingSignal ??= context.WaitForExternalEvent<DispatchEventSignal>(DispatchEventSignal.EventName);
            if (await Task.WhenAny(timer, pendingSignal) == timer)
            {
                return null;
            }

            // Cancelled synchronously: an orchestrator continues only on its own thread, never after a thread-pool callback.
            cancelTimer.Cancel();
            var signal = await pendingSignal;
            pendingSignal = null;
            return signal;
        }
    }
}
