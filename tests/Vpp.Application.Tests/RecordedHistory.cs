using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker.Grpc;
using P = Microsoft.DurableTask.Protobuf;

namespace Vpp.Application.Tests;

/// <summary>
/// A finished orchestration's last episode as its worker was handed it (the whole history before it and the messages
/// it woke to) with what the worker answered, kept in a file and replayed with no host
/// (<see cref="GrpcOrchestrationRunner"/>) against today's orchestrator of that name: what a worker running today's
/// code does with an instance an older build started (ADR 0040). The files under <c>Histories/</c> are recorded
/// (<see cref="OrchestrationRecorder"/>) by the tests that run each orchestration end to end, when
/// <see cref="RecordToVariable"/> names the folder to write them to.
/// </summary>
public sealed class RecordedHistory
{
    public const string RecordToVariable = "VPP_RECORD_HISTORIES";

    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default);

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private RecordedHistory(P.OrchestratorRequest episode, P.OrchestratorResponse answer)
    {
        Episode = episode;
        Answer = answer;
        var started = episode.PastEvents.Concat(episode.NewEvents).Select(e => e.ExecutionStarted).FirstOrDefault(s => s is not null)
            ?? throw new InvalidDataException($"the history of '{episode.InstanceId}' does not begin with its execution's start");
        Orchestrator = started.Name;
        Version = started.Version ?? string.Empty;
    }

    public string Orchestrator { get; }

    /// <summary>The version the instance was stamped with when it started (empty before versions were stamped).</summary>
    public string Version { get; }

    private P.OrchestratorRequest Episode { get; }

    private P.OrchestratorResponse Answer { get; }

    public static RecordedHistory Of(P.OrchestratorRequest episode, P.OrchestratorResponse answer)
    {
        ArgumentNullException.ThrowIfNull(episode);
        ArgumentNullException.ThrowIfNull(answer);
        var whole = episode.Clone();
        whole.RequiresHistoryStreaming = false;
        return new RecordedHistory(whole, answer.Clone());
    }

    public static RecordedHistory Load(string path)
    {
        var file = JsonNode.Parse(File.ReadAllText(path))!;
        return new RecordedHistory(P.OrchestratorRequest.Parser.ParseJson(file["episode"]!.ToJsonString()),
            P.OrchestratorResponse.Parser.ParseJson(file["answer"]!.ToJsonString()));
    }

    /// <summary>
    /// Writes this history as <c>{orchestrator}-{version}-{scenario}.json</c> into the folder
    /// <see cref="RecordToVariable"/> names, when it names one; otherwise does nothing.
    /// </summary>
    public void SaveWhenAsked(string scenario)
    {
        if (Environment.GetEnvironmentVariable(RecordToVariable) is not { Length: > 0 } folder)
        {
            return;
        }

        var file = new JsonObject
        {
            ["episode"] = JsonNode.Parse(Formatter.Format(Episode)),
            ["answer"] = JsonNode.Parse(Formatter.Format(Answer)),
        };
        File.WriteAllText(Path.Combine(folder, $"{Orchestrator}-{Version}-{scenario}.json"), file.ToJsonString(Indented) + "\n");
    }

    /// <summary>
    /// Hands the episode to today's orchestrator as a worker would on picking the instance up: replaying the history
    /// before it must take the steps the history took (a step taken differently fails as non-determinism), and the
    /// episode must ask for what was asked for then and finish with the same status and output.
    /// </summary>
    public void AssertReplaysAsRecorded()
    {
        var orchestrator = (ITaskOrchestrator)Activator.CreateInstance(DurableTasks.Orchestrators.Single(t => DurableTasks.NameOf(t) == Orchestrator))!;

        var replayed = P.OrchestratorResponse.Parser.ParseFrom(Convert.FromBase64String(
            GrpcOrchestrationRunner.LoadAndRun(Convert.ToBase64String(Episode.ToByteArray()), orchestrator)));

        var recorded = Answer.Actions.Single(a => a.CompleteOrchestration is not null).CompleteOrchestration;
        var completion = replayed.Actions.Select(a => a.CompleteOrchestration).LastOrDefault(c => c is not null);
        Assert.True(completion is not null, $"replayed, {Orchestrator} did not finish");
        Assert.True(completion.OrchestrationStatus == recorded.OrchestrationStatus,
            $"replayed, {Orchestrator} ended {completion.OrchestrationStatus} where it was {recorded.OrchestrationStatus}: {completion.FailureDetails?.ErrorType} {completion.FailureDetails?.ErrorMessage}");
        Assert.Equal(recorded.Result, completion.Result);
        Assert.Equal(Answer.Actions.Select(Asked), replayed.Actions.Select(Asked));
    }

    private static string Asked(P.OrchestratorAction a) => a.OrchestratorActionTypeCase switch
    {
        P.OrchestratorAction.OrchestratorActionTypeOneofCase.ScheduleTask => "activity " + a.ScheduleTask.Name,
        P.OrchestratorAction.OrchestratorActionTypeOneofCase.CreateTimer => "timer " + a.CreateTimer.FireAt,
        P.OrchestratorAction.OrchestratorActionTypeOneofCase.CreateSubOrchestration => "sub-orchestration " + a.CreateSubOrchestration.Name,
        P.OrchestratorAction.OrchestratorActionTypeOneofCase.SendEvent => "event " + a.SendEvent.Name,
        P.OrchestratorAction.OrchestratorActionTypeOneofCase.CompleteOrchestration => "complete " + a.CompleteOrchestration.OrchestrationStatus,
        _ => a.OrchestratorActionTypeCase.ToString(),
    };
}
