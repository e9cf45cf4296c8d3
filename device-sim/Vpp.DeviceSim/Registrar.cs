using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Vpp.DeviceSim.Physics;
using Vpp.Domain.Devices;

namespace Vpp.DeviceSim;

/// <summary>Enrols the simulated fleet through the public API (PUT /api/programs/{p}/devices/{id}), as an installer app would.</summary>
public static class Registrar
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public static async Task RegisterAsync(HttpClient http, SimulatorOptions options, IReadOnlyList<SimulatedDevice> devices, CancellationToken cancellationToken)
    {
        var failures = 0;
        await Parallel.ForEachAsync(devices, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (device, ct) =>
        {
            for (var attempt = 1; ; attempt++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(options.RegisterApi!, $"programs/{options.ProgramId}/devices/{device.DeviceId}"))
                {
                    Content = JsonContent.Create(new { type = device.Type.ToWire(), ratings = device.Ratings, customerId = "cust-" + device.DeviceId, feeder = "feeder-" + (device.DeviceId.GetHashCode(StringComparison.Ordinal) & 7) }, options: Json),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiToken);
                using var response = await http.SendAsync(request, ct);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                if (attempt >= 5 || (int)response.StatusCode < 500)
                {
                    Console.Error.WriteLine($"registering {device.DeviceId} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
                    Interlocked.Increment(ref failures);
                    return;
                }

                await Task.Delay(200 * attempt, ct);
            }
        });

        if (failures > 0)
        {
            throw new InvalidOperationException($"{failures} devices could not be registered.");
        }
    }
}
