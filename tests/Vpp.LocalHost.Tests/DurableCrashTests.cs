using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Vpp.Functions.Security;
using Vpp.LocalHost.Azurite;
using Vpp.LocalHost.Hosting;

namespace Vpp.LocalHost.Tests;

/// <summary>
/// The local host as its own process on a test-owned Azurite, killed with SIGKILL while a durable probe waits on its
/// timer after its first activity ran, then started again: the probe completes, each step recorded once.
/// </summary>
public sealed class DurableCrashTests : IAsyncLifetime
{
    private readonly string state = Directory.CreateTempSubdirectory("vpp-crash-").FullName;
    private readonly HttpClient http = new();
    private AzuriteProcess? azurite;

    public async Task InitializeAsync() => azurite = await AzuriteProcess.StartAsync(Path.Combine(state, "azurite"));

    public async Task DisposeAsync()
    {
        http.Dispose();
        if (azurite is not null)
        {
            await azurite.DisposeAsync();
        }

        Directory.Delete(state, recursive: true);
    }

    [Fact]
    public async Task A_host_killed_while_a_probe_waits_on_its_timer_completes_the_probe_after_restart_with_each_step_once()
    {
        var token = LocalSecrets.LoadOrCreate(state).MintToken(Roles.DeviceAdmin, "crash-test", TimeSpan.FromHours(1));
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var first = await StartHostAsync();
        JsonElement beforeKill;
        string probeId;
        try
        {
            using var started = await http.PostAsJsonAsync(new Uri(first.Api, "diagnostics/durable-probes"), new { delaySeconds = 20 });
            started.EnsureSuccessStatusCode();
            probeId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("probeId").GetString()!;
            // The step can be recorded before the instance's status says Running (the provider writes the status after the episode).
            beforeKill = await Eventually.ReachAsync(() => ProbeAsync(first.Api, probeId),
                p => Steps(p) == "started:1" && p.GetProperty("status").GetString() == "Running", TimeSpan.FromSeconds(60));
            // The activity's completion is taken in and the timer scheduled within moments of the step being recorded.
            await Task.Delay(TimeSpan.FromSeconds(3));
        }
        finally
        {
            first.Process.Kill(); // SIGKILL: no shutdown, no flush, no lease released
            await first.Process.WaitForExitAsync();
            first.Process.Dispose();
        }

        var second = await StartHostAsync();
        try
        {
            var after = await Eventually.ReachAsync(() => ProbeAsync(second.Api, probeId), p => p.GetProperty("status").GetString() == "Completed", TimeSpan.FromMinutes(3));

            Assert.Equal("Running", beforeKill.GetProperty("status").GetString());
            Assert.Equal("Completed", after.GetProperty("status").GetString());
            Assert.Equal("finished:1 started:1", Steps(after));
        }
        finally
        {
            second.Process.Kill();
            await second.Process.WaitForExitAsync();
            second.Process.Dispose();
        }
    }

    private static string Steps(JsonElement probe) =>
        probe.ValueKind != JsonValueKind.Object ? ""
        : string.Join(' ', probe.GetProperty("steps").EnumerateArray().Select(s => $"{s.GetProperty("step").GetString()}:{s.GetProperty("attempts").GetInt32()}"));

    private async Task<JsonElement> ProbeAsync(Uri api, string probeId)
    {
        using var response = await http.GetAsync(new Uri(api, $"diagnostics/durable-probes/{probeId}"));
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>() : default;
    }

    /// <summary>Starts the local host (no simulator, no timers' weather) on a free port over the test's Azurite, and waits until it answers.</summary>
    private Task<(Process Process, Uri Api)> StartHostAsync() => LocalHostProcess.StartAsync(http, azurite!.ConnectionString, state);
}
