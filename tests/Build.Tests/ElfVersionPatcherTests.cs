using System.Reflection;
using System.Runtime.Versioning;
using System.Security.Cryptography;

namespace SparseVila.Build.Tests;

/// <summary>The TorchSharp native fix against the real shim from the package cache.</summary>
[SupportedOSPlatform("linux")]
public sealed class ElfVersionPatcherTests : IDisposable
{
    private const string Version = "GLIBCXX_3.4.32";
    private readonly DirectoryInfo _scratch = Directory.CreateTempSubdirectory("sparsevila-elf-");

    private static string CachedShim
    {
        get
        {
            var package = typeof(ElfVersionPatcherTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(a => a.Key == "TorchSharpPackagePath").Value!;
            return Path.Combine(package, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        }
    }

    public void Dispose() => _scratch.Delete(recursive: true);

    private string CopyOfShim()
    {
        var copy = Path.Combine(_scratch.FullName, "libLibTorchSharp.so");
        File.Copy(CachedShim, copy);
        return copy;
    }

    [Fact]
    public void TheCachedShim_RequiresTheVersionStrictly_SoNoBuildWroteThroughToTheCache()
    {
        var requirement = Assert.Single(ElfVersionPatcher.ReadRequirements(CachedShim), r => r.Version == Version);

        Assert.Equal("libstdc++.so.6", requirement.Library);
        Assert.False(requirement.IsWeak);
    }

    [Fact]
    public void Weaken_FlipsExactlyTheWeakBitOfThatRequirement()
    {
        var shim = CopyOfShim();
        var before = File.ReadAllBytes(shim);
        var requirementsBefore = ElfVersionPatcher.ReadRequirements(shim);

        Assert.True(ElfVersionPatcher.WeakenRequirement(shim, Version));

        var after = File.ReadAllBytes(shim);
        Assert.Equal(before.Length, after.Length);
        var changed = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToList();
        var target = requirementsBefore.Single(r => r.Version == Version);
        Assert.Equal([target.FlagsOffset], changed.Select(i => (long)i));
        Assert.Equal(ElfVersionPatcher.VerFlagWeak, after[target.FlagsOffset] ^ before[target.FlagsOffset]);
        var requirementsAfter = ElfVersionPatcher.ReadRequirements(shim);
        Assert.All(requirementsAfter, r => Assert.Equal(r.Version == Version || requirementsBefore.Single(b => b.Version == r.Version && b.Library == r.Library).IsWeak, r.IsWeak));
    }

    [Fact]
    public void Weaken_IsIdempotent()
    {
        var shim = CopyOfShim();

        Assert.True(ElfVersionPatcher.WeakenRequirement(shim, Version));
        var once = SHA256.HashData(File.ReadAllBytes(shim));
        Assert.False(ElfVersionPatcher.WeakenRequirement(shim, Version));

        Assert.Equal(once, SHA256.HashData(File.ReadAllBytes(shim)));
    }

    [Fact]
    public void Weaken_ReplacesTheFile_SoAHardLinkedOriginalIsUntouched()
    {
        var original = CopyOfShim();
        var linked = Path.Combine(_scratch.FullName, "linked.so");
        using (var ln = System.Diagnostics.Process.Start("ln", [original, linked]))
        {
            ln.WaitForExit();
            Assert.Equal(0, ln.ExitCode);
        }

        var originalHash = SHA256.HashData(File.ReadAllBytes(original));

        Assert.True(ElfVersionPatcher.WeakenRequirement(linked, Version));

        Assert.Equal(originalHash, SHA256.HashData(File.ReadAllBytes(original)));
        Assert.NotEqual(originalHash, SHA256.HashData(File.ReadAllBytes(linked)));
    }

    [Fact]
    public void Weaken_KeepsTheFileMode()
    {
        var shim = CopyOfShim();
        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;
        File.SetUnixFileMode(shim, mode);

        ElfVersionPatcher.WeakenRequirement(shim, Version);

        Assert.Equal(mode, File.GetUnixFileMode(shim));
    }

    [Fact]
    public void Weaken_OfAVersionNotRequired_ChangesNothing()
    {
        var shim = CopyOfShim();

        Assert.False(ElfVersionPatcher.WeakenRequirement(shim, "GLIBCXX_9.9.9"));
        Assert.Equal(File.ReadAllBytes(CachedShim), File.ReadAllBytes(shim));
    }

    [Fact]
    public void NotAnElfFile_IsRejected()
    {
        var text = Path.Combine(_scratch.FullName, "readme.so");
        File.WriteAllText(text, new string('x', 200));

        Assert.Contains("no ELF magic", Assert.Throws<ElfFormatException>(() => ElfVersionPatcher.ReadRequirements(text)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedElfFile_IsRejected()
    {
        var truncated = Path.Combine(_scratch.FullName, "truncated.so");
        File.WriteAllBytes(truncated, File.ReadAllBytes(CachedShim).AsSpan(0, 4096).ToArray());

        Assert.Contains("truncated", Assert.Throws<ElfFormatException>(() => ElfVersionPatcher.ReadRequirements(truncated)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HostLibStdCxx_IsFound_AndItsVersionDefinitionsRead()
    {
        var libStdCxx = HostLibStdCxx.Find();

        Assert.NotNull(libStdCxx);
        var definitions = ElfVersionPatcher.ReadDefinitions(libStdCxx);
        Assert.Contains("GLIBCXX_3.4", definitions);
        Assert.Contains("CXXABI_1.3", definitions);
    }
}
