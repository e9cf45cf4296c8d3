using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Vpp.Application;
using Vpp.Application.Participation;
using Vpp.Application.Tests;
using Vpp.Functions.Hosting;
using Vpp.Functions.Security;

namespace Vpp.Functions.Tests;

/// <summary>The main app's durable side: a wrapper for every registered task, and the opt-out API's orchestration at work.</summary>
public sealed class DurableFunctionsTests(HandlerFixture handler) : IClassFixture<HandlerFixture>
{
    [Fact]
    public void Every_registered_orchestrator_and_activity_has_a_function_wrapper_and_every_wrapper_a_registered_task()
    {
        var orchestrations = FunctionCatalog.Instance.Functions.Where(f => f.Trigger is OrchestrationTriggerAttribute).Select(f => f.Name).Order();
        var activities = FunctionCatalog.Instance.Functions.Where(f => f.Trigger is ActivityTriggerAttribute).Select(f => f.Name).Order();

        Assert.Equal(DurableTasks.Orchestrators.Select(DurableTasks.NameOf).Order(), orchestrations);
        Assert.Equal(DurableTasks.Activities.Select(DurableTasks.NameOf).Order(), activities);
        Assert.Contains(OptOutExpiryOrchestrator.Name, orchestrations);
    }

    [Fact]
    public async Task An_opt_out_is_cleared_from_the_twin_by_its_orchestration_when_it_ends_and_stays_on_record()
    {
        await new ApiTests(handler).PutProgramAsync("oo-exp");
        using (var put = await handler.Http.SendAsync(handler.Request(HttpMethod.Put, "api/programs/oo-exp/devices/oo-exp-th", Roles.ProgramManager,
                   JsonContent.Create(new { type = "thermostat", ratings = new { maxImportKw = 3.5, comfortMinC = 18, comfortMaxC = 27 }, customerId = "cust-exp" }))))
        {
            put.EnsureSuccessStatusCode();
        }

        // A short window. The durable timer waits in real time, so the fixture's clock is first brought up to it.
        var now = TimeProvider.System.GetUtcNow();
        if (now > handler.Clock.GetUtcNow())
        {
            handler.Clock.SetUtcNow(now);
        }

        var until = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero).AddSeconds(5);
        using var created = await handler.Http.SendAsync(handler.Request(HttpMethod.Post, "api/devices/oo-exp-th/opt-outs", Roles.Customer,
            JsonContent.Create(new { untilUtc = until.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) }), "cust-exp"));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("optOutId").GetString()!;
        var durable = handler.App.Services.GetRequiredService<DurableTaskClient>();
        var scheduled = await durable.GetInstanceAsync(OptOutExpiryOrchestrator.InstanceId(id), getInputsAndOutputs: true);
        var twinBefore = await TwinOptOutsAsync();

        handler.Clock.SetUtcNow(until.AddSeconds(1));
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var completed = await durable.WaitForInstanceCompletionAsync(OptOutExpiryOrchestrator.InstanceId(id), getInputsAndOutputs: true, wait.Token);
        var history = handler.App.Services.GetRequiredService<OrchestrationRecorder>().Finished(OptOutExpiryOrchestrator.InstanceId(id));
        history.SaveWhenAsked("expired");
        var twinAfter = await TwinOptOutsAsync();
        using var listed = await handler.Http.SendAsync(handler.Request(HttpMethod.Get, "api/devices/oo-exp-th/opt-outs", Roles.Customer, subject: "cust-exp"));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.NotNull(scheduled);
        Assert.Equal(until, scheduled.ReadInputAs<OptOutExpiry>()!.UntilUtc);
        Assert.True(twinBefore.TryGetProperty(id, out _));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, completed.RuntimeStatus);
        Assert.Equal(1, completed.ReadOutputAs<int>());
        Assert.False(twinAfter.ValueKind == JsonValueKind.Object && twinAfter.TryGetProperty(id, out _));
        Assert.Equal(id, Assert.Single((await listed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("optOuts").EnumerateArray()).GetProperty("optOutId").GetString());
        Assert.Equal(DurableTasks.OrchestrationVersion, history.Version);
        history.AssertReplaysAsRecorded();
    }

    [Fact]
    public async Task An_operator_runs_a_durable_probe_through_its_timer_and_signal_and_reads_each_step_recorded_once()
    {
        using var bad = await handler.Http.SendAsync(handler.Request(HttpMethod.Post, "api/diagnostics/durable-probes", Roles.DeviceAdmin, JsonContent.Create(new { delaySeconds = 7200 })));
        using var tooMany = await handler.Http.SendAsync(handler.Request(HttpMethod.Post, "api/diagnostics/durable-probes", Roles.DeviceAdmin, JsonContent.Create(new { delaySeconds = 1, children = 101 })));
        using var unknown = await handler.Http.SendAsync(handler.Request(HttpMethod.Get, "api/diagnostics/durable-probes/probe-nothing", Roles.DeviceAdmin));
        using var started = await handler.Http.SendAsync(handler.Request(HttpMethod.Post, "api/diagnostics/durable-probes", Roles.DeviceAdmin, JsonContent.Create(new { delaySeconds = 0, awaitsSignal = true })));
        var probeId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("probeId").GetString()!;
        var waiting = await ProbeAsync(probeId, p => p.GetProperty("steps").GetArrayLength() == 1 && p.GetProperty("status").GetString() != "Pending");
        using var signal = await handler.Http.SendAsync(handler.Request(HttpMethod.Post, $"api/diagnostics/durable-probes/{probeId}/signal", Roles.DeviceAdmin));
        var done = await ProbeAsync(probeId, p => p.GetProperty("status").GetString() == "Completed");

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("delaySeconds", out _));
        Assert.True((await tooMany.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("children", out _));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal($"/api/diagnostics/durable-probes/{probeId}", started.Headers.Location?.OriginalString);
        Assert.Equal("Running", waiting.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Accepted, signal.StatusCode);
        Assert.Equal("signalled", done.GetProperty("output").GetString());
        Assert.Equal(["finished:1", "started:1"], done.GetProperty("steps").EnumerateArray().Select(s => $"{s.GetProperty("step").GetString()}:{s.GetProperty("attempts").GetInt32()}"));
    }

    private async Task<JsonElement> ProbeAsync(string probeId, Func<JsonElement, bool> until)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            using var response = await handler.Http.SendAsync(handler.Request(HttpMethod.Get, $"api/diagnostics/durable-probes/{probeId}", Roles.ProgramManager), timeout.Token);
            var probe = await response.Content.ReadFromJsonAsync<JsonElement>(timeout.Token);
            if (response.IsSuccessStatusCode && until(probe))
            {
                return probe;
            }

            await Task.Delay(100, timeout.Token);
        }
    }

    private async Task<JsonElement> TwinOptOutsAsync()
    {
        using var response = await handler.Http.SendAsync(handler.Request(HttpMethod.Get, "api/devices/oo-exp-th", Roles.ProgramManager));
        var desired = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("twin").GetProperty("desired");
        return desired.TryGetProperty(OptOutService.TwinProperty, out var optOuts) ? optOuts : default;
    }
}
