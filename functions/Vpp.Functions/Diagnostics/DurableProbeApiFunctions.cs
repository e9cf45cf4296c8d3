using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Vpp.Application.Diagnostics;
using Vpp.Functions.Security;

namespace Vpp.Functions.Diagnostics;

/// <summary>
/// Operators prove the durable stack where it runs: start a probe (an activity, a durable timer, optionally an external
/// event, a second activity), signal it, and read what it recorded.
/// </summary>
public sealed class DurableProbeApiFunctions(IProbeLedger ledger)
{
    public const int MaxDelaySeconds = 3600;

    [Function("PostDurableProbe")]
    [Authorize(Policy = Policies.FleetOperator)]
    [EndpointSummary("Starts a durable probe: it records 'started', runs 'children' (0-100) child probes as sub-orchestrations, waits 'delaySeconds' (0-3600) on a durable timer, with 'awaitsSignal' waits for a signal too, then records 'finished'.")]
    [Consumes(typeof(DurableProbeRequest), "application/json")]
    [ProducesResponseType<object>(StatusCodes.Status202Accepted, "application/json")]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public static async Task<IResult> Start(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "diagnostics/durable-probes")] HttpRequest request,
        [DurableClient, FromServices] DurableTaskClient durable, CancellationToken cancellationToken)
    {
        var (body, problem) = await RequestBody.ReadAsync<DurableProbeRequest>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (body!.DelaySeconds is not (>= 0 and <= MaxDelaySeconds))
        {
            return Problems.Validation("delaySeconds", $"required: whole seconds, 0 to {MaxDelaySeconds}");
        }

        if (body.Children is not (null or (>= 0 and <= DurableProbe.MaxChildren)))
        {
            return Problems.Validation("children", $"0 to {DurableProbe.MaxChildren} child probes");
        }

        var probeId = "probe-" + Guid.NewGuid().ToString("N");
        await durable.ScheduleNewOrchestrationInstanceAsync(
            DurableProbeOrchestrator.Name, new DurableProbe(probeId, TimeSpan.FromSeconds(body.DelaySeconds.Value), body.AwaitsSignal ?? false, body.Children ?? 0),
            new StartOrchestrationOptions(probeId), cancellationToken);
        return Results.Accepted($"/api/diagnostics/durable-probes/{probeId}", new { probeId });
    }

    [Function("GetDurableProbe")]
    [Authorize(Policy = Policies.FleetOperator)]
    [EndpointSummary("A probe's orchestration status and output, and the steps it recorded with the attempts each saw (an activity runs at least once; its effect is recorded once).")]
    [ProducesResponseType<object>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "diagnostics/durable-probes/{probeId}")] HttpRequest request, string probeId,
        [DurableClient, FromServices] DurableTaskClient durable, CancellationToken cancellationToken)
    {
        if (await durable.GetInstanceAsync(probeId, getInputsAndOutputs: true, cancellationToken) is not { Name: DurableProbeOrchestrator.Name } instance)
        {
            return Problems.NotFound($"no durable probe '{probeId}'");
        }

        var steps = await ledger.StepsAsync(probeId, cancellationToken);
        return Results.Ok(new
        {
            probeId,
            status = instance.RuntimeStatus.ToString(),
            output = instance.IsCompleted ? instance.ReadOutputAs<string>() : null,
            steps = steps.Select(s => new { step = s.Key, attempts = s.Value }).OrderBy(s => s.step, StringComparer.Ordinal),
        });
    }

    [Function("SignalDurableProbe")]
    [Authorize(Policy = Policies.FleetOperator)]
    [EndpointSummary("Raises the signal a probe started with 'awaitsSignal' waits for.")]
    [ProducesResponseType<object>(StatusCodes.Status202Accepted, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Signal(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "diagnostics/durable-probes/{probeId}/signal")] HttpRequest request, string probeId,
        [DurableClient, FromServices] DurableTaskClient durable, CancellationToken cancellationToken)
    {
        if (await durable.GetInstanceAsync(probeId, cancellationToken) is not { Name: DurableProbeOrchestrator.Name })
        {
            return Problems.NotFound($"no durable probe '{probeId}'");
        }

        await durable.RaiseEventAsync(probeId, DurableProbeOrchestrator.SignalEvent, "signalled", cancellationToken);
        return Results.Accepted($"/api/diagnostics/durable-probes/{probeId}", new { probeId });
    }
}
