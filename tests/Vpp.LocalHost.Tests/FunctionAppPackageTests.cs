using System.Diagnostics;
using System.Text.Json;
using Vpp.LocalHost.Triggers;

namespace Vpp.LocalHost.Tests;

public sealed class FunctionAppPackageTests
{
    [Fact]
    public async Task Publishing_the_handler_assembles_a_function_app_package_the_host_can_load()
    {
        var package = Directory.CreateTempSubdirectory("functionapp-package-").FullName;
        try
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot.Find() };
            foreach (var arg in new[] { "publish", "functions/Vpp.Functions", "-c", "Release", "-o", Path.Combine(package, "handler"), "--nologo" })
            {
                start.ArgumentList.Add(arg);
            }

            using var publish = Process.Start(start)!;
            var output = publish.StandardOutput.ReadToEndAsync();
            var errors = publish.StandardError.ReadToEndAsync();
            await publish.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
            Assert.True(publish.ExitCode == 0, await output + await errors);

            var catalog = FunctionCatalog.Load(package);
            var executable = catalog.Host.GetProperty("customHandler").GetProperty("description").GetProperty("defaultExecutablePath").GetString()!;

            Assert.Equal(["Api", "FleetSnapshot", "ForecastRefresh", "ScheduleOptimize", "TelemetryIngest"], catalog.Functions.Select(f => f.Name));
            Assert.True(File.Exists(Path.Combine(package, executable)), $"host.json points at {executable}, which the package must contain");
            Assert.True(File.Exists(Path.Combine(package, "handler", "Vpp.Functions.dll")));
            Assert.True(catalog.Host.GetProperty("customHandler").GetProperty("enableForwardingHttpRequest").GetBoolean());
            using var api = JsonDocument.Parse(File.ReadAllText(Path.Combine(package, "Api", "function.json")));
            Assert.Equal("{*path}", api.RootElement.GetProperty("bindings")[0].GetProperty("route").GetString());
        }
        finally
        {
            Directory.Delete(package, recursive: true);
        }
    }
}
