using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Worker.Grpc;
using Vpp.Application.Diagnostics;
using P = Microsoft.DurableTask.Protobuf;

namespace Vpp.Application.Tests;

/// <summary>
/// The probe orchestrator replayed over given histories with no host (<see cref="GrpcOrchestrationRunner"/>): at each
/// point it asks for exactly the next step, the same each time it is replayed, its timer computed from the history's
/// time, never the machine's.
/// </summary>
public sealed class DurableProbeReplayTests
{
    private static readonly DateTime Start = new(2026, 12, 3, 10, 0, 0, DateTimeKind.Utc);
    private static readonly DurableProbe Probe = new("replay-1", TimeSpan.FromMinutes(5), AwaitsSignal: true);

    [Fact]
    public void Each_replay_asks_for_the_next_step_only_and_the_same_one_every_time()
    {
        var resumed = Start.AddSeconds(1);
        var fireAt = resumed + Probe.Delay;
        List<P.HistoryEvent> history = [Started(Start), Execution()];

        var first = Run(history, []);
        history.Add(Event(0, Start, e => e.TaskScheduled = new P.TaskScheduledEvent { Name = RecordProbeStepActivity.Name, Input = Json(new ProbeStep(Probe.ProbeId, ProbeStep.Started)) }));
        P.HistoryEvent[] activityDone = [Started(resumed), Event(-1, resumed, e => e.TaskCompleted = new P.TaskCompletedEvent { TaskScheduledId = 0, Result = "true" })];
        var second = Run(history, activityDone);
        history.AddRange(activityDone);
        history.Add(Event(1, resumed, e => e.TimerCreated = new P.TimerCreatedEvent { FireAt = Timestamp.FromDateTime(fireAt) }));
        P.HistoryEvent[] timerAndSignal =
        [
            Started(fireAt),
            Event(-1, fireAt, e => e.TimerFired = new P.TimerFiredEvent { TimerId = 1, FireAt = Timestamp.FromDateTime(fireAt) }),
            Event(-1, fireAt, e => e.EventRaised = new P.EventRaisedEvent { Name = DurableProbeOrchestrator.SignalEvent, Input = Json("go") }),
        ];
        var third = Run(history, timerAndSignal);
        history.AddRange(timerAndSignal);
        history.Add(Event(2, fireAt, e => e.TaskScheduled = new P.TaskScheduledEvent { Name = RecordProbeStepActivity.Name, Input = Json(new ProbeStep(Probe.ProbeId, ProbeStep.Finished)) }));
        var last = Run(history, [Started(fireAt.AddSeconds(1)), Event(-1, fireAt.AddSeconds(1), e => e.TaskCompleted = new P.TaskCompletedEvent { TaskScheduledId = 2, Result = "true" })]);

        var record = Assert.Single(first.Actions);
        Assert.Equal(RecordProbeStepActivity.Name, record.ScheduleTask.Name);
        Assert.Equal(new ProbeStep(Probe.ProbeId, ProbeStep.Started), ActivityInput(record));
        Assert.Equal(first, Run([Started(Start), Execution()], []));
        Assert.Equal(fireAt, Assert.Single(second.Actions).CreateTimer.FireAt.ToDateTime());
        var finish = Assert.Single(third.Actions);
        Assert.Equal(2, finish.Id);
        Assert.Equal(new ProbeStep(Probe.ProbeId, ProbeStep.Finished), ActivityInput(finish));
        var complete = Assert.Single(last.Actions).CompleteOrchestration;
        Assert.Equal(P.OrchestrationStatus.Completed, complete.OrchestrationStatus);
        Assert.Equal("go", JsonDataConverter.Default.Deserialize<string>(complete.Result));
    }

    private static P.OrchestratorResponse Run(IEnumerable<P.HistoryEvent> past, IEnumerable<P.HistoryEvent> recent)
    {
        var request = new P.OrchestratorRequest { InstanceId = "replay-1" };
        request.PastEvents.AddRange(past);
        request.NewEvents.AddRange(recent);
        var response = GrpcOrchestrationRunner.LoadAndRun(Convert.ToBase64String(request.ToByteArray()), new DurableProbeOrchestrator());
        return P.OrchestratorResponse.Parser.ParseFrom(Convert.FromBase64String(response));
    }

    /// <summary>The activity's input as the action carries it: the worker sends activity inputs as a one-element array.</summary>
    private static ProbeStep ActivityInput(P.OrchestratorAction action) => Assert.Single(JsonDataConverter.Default.Deserialize<ProbeStep[]>(action.ScheduleTask.Input)!);

    private static P.HistoryEvent Started(DateTime at) => Event(-1, at, e => e.OrchestratorStarted = new P.OrchestratorStartedEvent());

    private static P.HistoryEvent Execution() => Event(-1, Start, e => e.ExecutionStarted = new P.ExecutionStartedEvent
    {
        Name = DurableProbeOrchestrator.Name,
        Input = Json(Probe),
        OrchestrationInstance = new P.OrchestrationInstance { InstanceId = "replay-1" },
    });

    private static P.HistoryEvent Event(int id, DateTime at, Action<P.HistoryEvent> set)
    {
        var e = new P.HistoryEvent { EventId = id, Timestamp = Timestamp.FromDateTime(at) };
        set(e);
        return e;
    }

    private static string Json(object value) => JsonDataConverter.Default.Serialize(value)!;
}
