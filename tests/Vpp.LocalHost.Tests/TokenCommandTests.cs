using System.Diagnostics;
using Vpp.Functions.Security;
using Vpp.LocalHost.Hosting;

namespace Vpp.LocalHost.Tests;

public sealed class TokenCommandTests
{
    private static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Vpp.LocalHost.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        return (process.ExitCode, output.Trim());
    }

    [Fact]
    public async Task The_token_command_prints_a_token_signed_with_the_local_development_key_for_the_role()
    {
        var state = Directory.CreateTempSubdirectory("vpp-state-").FullName;
        try
        {
            var (exitCode, token) = await RunAsync("token", "--role", Roles.Finance, "--state-dir", state);
            var secrets = LocalSecrets.LoadOrCreate(state);
            var settings = new JwtSettings();

            var (payload, error) = HmacJwt.Verify(token, Convert.FromBase64String(secrets.SigningKey), settings.Issuer, settings.Audience, TimeProvider.System.GetUtcNow());

            Assert.Equal(0, exitCode);
            Assert.Null(error);
            Assert.Equal(Roles.Finance, payload!.Value.GetProperty("roles")[0].GetString());
            Assert.NotNull(HmacJwt.Verify(token, new byte[32], settings.Issuer, settings.Audience, TimeProvider.System.GetUtcNow()).Error);
            Assert.Equal(2, (await RunAsync("token", "--role", "root", "--state-dir", state)).ExitCode);
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }
}
