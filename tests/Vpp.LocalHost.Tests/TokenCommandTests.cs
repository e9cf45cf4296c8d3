using System.Diagnostics;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
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
            TokenValidationParameters SignedWith(byte[] key) => new()
            {
                ValidIssuer = settings.Issuer,
                ValidAudience = settings.Audience,
                IssuerSigningKey = new SymmetricSecurityKey(key),
                RoleClaimType = "roles",
            };

            var valid = await new JsonWebTokenHandler().ValidateTokenAsync(token, SignedWith(Convert.FromBase64String(secrets.SigningKey)));

            Assert.Equal(0, exitCode);
            Assert.True(valid.IsValid, valid.Exception?.Message);
            Assert.True(valid.ClaimsIdentity.HasClaim("roles", Roles.Finance));
            Assert.False((await new JsonWebTokenHandler().ValidateTokenAsync(token, SignedWith(new byte[32]))).IsValid);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(state, "local-secrets.json")));
            }
            Assert.Equal(2, (await RunAsync("token", "--role", "root", "--state-dir", state)).ExitCode);
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }
}
