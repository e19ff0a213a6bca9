// The TorchSharp native fix (see docs/torchsharp-native-fix.md).
//
// libLibTorchSharp.so (TorchSharp 0.107.0) is linked against GCC 13's libstdc++ and so records a
// requirement on the symbol version GLIBCXX_3.4.32. The only symbol bound to that version is
// std::ios_base_library_init, which the shim never calls (no relocation refers to it), yet the
// dynamic loader refuses to load the library on hosts whose libstdc++ is older (Debian 12: GCC 12).
// Marking that one requirement weak (VER_FLG_WEAK in its Vernaux entry) makes the loader only note
// the missing version. This file holds the ELF logic and the MSBuild task that applies it to the
// copy of the shim in a build or publish output, never to the NuGet cache.
//
// It is compiled twice: by MSBuild's RoslynCodeTaskFactory (build/TorchSharpNativeFix.targets, so it
// keeps to C# 7.3 and netstandard2.0) and by tests/Build.Tests with ELF_VERSION_PATCHER_ONLY defined.
#if ELF_VERSION_PATCHER_ONLY
#nullable disable
#endif
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace SparseVila.Build
{
    /// <summary>One entry of an ELF file's version-requirement table (.gnu.version_r).</summary>
    public sealed class ElfVersionRequirement
    {
        public ElfVersionRequirement(string library, string version, ushort flags, long flagsOffset)
        {
            Library = library;
            Version = version;
            Flags = flags;
            FlagsOffset = flagsOffset;
        }

        /// <summary>The needed library, e.g. libstdc++.so.6.</summary>
        public string Library { get; private set; }

        /// <summary>The version name, e.g. GLIBCXX_3.4.32.</summary>
        public string Version { get; private set; }

        /// <summary>vna_flags; bit 0x2 is VER_FLG_WEAK.</summary>
        public ushort Flags { get; private set; }

        /// <summary>File offset of vna_flags.</summary>
        public long FlagsOffset { get; private set; }

        public bool IsWeak { get { return (Flags & ElfVersionPatcher.VerFlagWeak) != 0; } }
    }

    /// <summary>Thrown when a file is not an ELF file this patcher understands.</summary>
    public sealed class ElfFormatException : Exception
    {
        public ElfFormatException(string path, string reason)
            : base("'" + path + "' is not a supported ELF file: " + reason)
        {
        }
    }

    /// <summary>Reads the symbol-version tables of 64-bit little-endian ELF files and weakens requirements.</summary>
    public static class ElfVersionPatcher
    {
        public const ushort VerFlagWeak = 0x2;
        private const uint ShtGnuVerdef = 0x6ffffffd;
        private const uint ShtGnuVerneed = 0x6ffffffe;
        private const int SectionHeaderBytes = 64;

        /// <summary>Every version requirement the file records, per needed library.</summary>
        public static IReadOnlyList<ElfVersionRequirement> ReadRequirements(string path)
        {
            byte[] elf = File.ReadAllBytes(path);
            Section verneed;
            Section strings;
            var result = new List<ElfVersionRequirement>();
            if (!TryFindSection(path, elf, ShtGnuVerneed, out verneed, out strings))
            {
                return result;
            }

            // Elf64_Verneed: vn_version u16, vn_cnt u16, vn_file u32, vn_aux u32, vn_next u32.
            long need = verneed.Offset;
            for (uint i = 0; i < verneed.Info; i++)
            {
                ushort auxCount = U16(path, elf, need + 2);
                string library = CString(path, elf, strings.Offset + U32(path, elf, need + 4));
                // Elf64_Vernaux: vna_hash u32, vna_flags u16, vna_other u16, vna_name u32, vna_next u32.
                long aux = need + U32(path, elf, need + 8);
                for (int j = 0; j < auxCount; j++)
                {
                    string version = CString(path, elf, strings.Offset + U32(path, elf, aux + 8));
                    result.Add(new ElfVersionRequirement(library, version, U16(path, elf, aux + 4), aux + 4));
                    aux += U32(path, elf, aux + 12);
                }

                uint next = U32(path, elf, need + 12);
                if (next == 0)
                {
                    break;
                }

                need += next;
            }

            return result;
        }

        /// <summary>The version names the file defines (.gnu.version_d), e.g. libstdc++'s GLIBCXX_*.</summary>
        public static IReadOnlyList<string> ReadDefinitions(string path)
        {
            byte[] elf = File.ReadAllBytes(path);
            Section verdef;
            Section strings;
            var result = new List<string>();
            if (!TryFindSection(path, elf, ShtGnuVerdef, out verdef, out strings))
            {
                return result;
            }

            // Elf64_Verdef: vd_version u16, vd_flags u16, vd_ndx u16, vd_cnt u16, vd_hash u32, vd_aux u32, vd_next u32.
            // The first Elf64_Verdaux (vda_name u32, vda_next u32) names the version.
            long def = verdef.Offset;
            for (uint i = 0; i < verdef.Info; i++)
            {
                long aux = def + U32(path, elf, def + 12);
                result.Add(CString(path, elf, strings.Offset + U32(path, elf, aux)));
                uint next = U32(path, elf, def + 16);
                if (next == 0)
                {
                    break;
                }

                def += next;
            }

            return result;
        }

        /// <summary>
        /// Marks the requirement on <paramref name="version"/> weak. Writes a new file and renames it over
        /// the old one, so a hard link to the original (the NuGet cache) is never written through.
        /// Returns false when there was nothing to do (no such requirement, or already weak).
        /// </summary>
        public static bool WeakenRequirement(string path, string version)
        {
            var targets = new List<ElfVersionRequirement>();
            foreach (ElfVersionRequirement requirement in ReadRequirements(path))
            {
                if (requirement.Version == version && !requirement.IsWeak)
                {
                    targets.Add(requirement);
                }
            }

            if (targets.Count == 0)
            {
                return false;
            }

            // Copy (File.Copy keeps the file mode), patch the copy in place, then rename it over the original.
            string temporary = path + ".patching";
            File.Copy(path, temporary, true);
            using (var stream = new FileStream(temporary, FileMode.Open, FileAccess.Write))
            {
                foreach (ElfVersionRequirement requirement in targets)
                {
                    ushort flags = (ushort)(requirement.Flags | VerFlagWeak);
                    stream.Position = requirement.FlagsOffset;
                    stream.WriteByte((byte)(flags & 0xff));
                    stream.WriteByte((byte)(flags >> 8));
                }
            }

            File.Delete(path);
            File.Move(temporary, path);
            return true;
        }

        private struct Section
        {
            public long Offset;
            public uint Info;
        }

        private static bool TryFindSection(string path, byte[] elf, uint type, out Section found, out Section linkedStrings)
        {
            found = default(Section);
            linkedStrings = default(Section);
            if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            {
                throw new ElfFormatException(path, "no ELF magic");
            }

            if (elf[4] != 2 || elf[5] != 1)
            {
                throw new ElfFormatException(path, "only 64-bit little-endian ELF is supported");
            }

            // Elf64_Ehdr: e_shoff at 0x28, e_shentsize at 0x3A, e_shnum at 0x3C.
            long sectionTable = (long)U64(path, elf, 0x28);
            ushort entryBytes = U16(path, elf, 0x3A);
            ushort count = U16(path, elf, 0x3C);
            if (entryBytes != SectionHeaderBytes)
            {
                throw new ElfFormatException(path, "unexpected section header size " + entryBytes);
            }

            for (int i = 0; i < count; i++)
            {
                // Elf64_Shdr: sh_type at +4, sh_offset at +24, sh_link at +40, sh_info at +44.
                long header = sectionTable + (long)i * SectionHeaderBytes;
                if (U32(path, elf, header + 4) != type)
                {
                    continue;
                }

                found.Offset = (long)U64(path, elf, header + 24);
                found.Info = U32(path, elf, header + 44);
                uint link = U32(path, elf, header + 40);
                long stringsHeader = sectionTable + (long)link * SectionHeaderBytes;
                linkedStrings.Offset = (long)U64(path, elf, stringsHeader + 24);
                return true;
            }

            return false;
        }

        private static void Check(string path, byte[] elf, long offset, int bytes)
        {
            if (offset < 0 || offset + bytes > elf.Length)
            {
                throw new ElfFormatException(path, "truncated (offset " + offset + " is past the end)");
            }
        }

        private static ushort U16(string path, byte[] elf, long offset)
        {
            Check(path, elf, offset, 2);
            return (ushort)(elf[offset] | (elf[offset + 1] << 8));
        }

        private static uint U32(string path, byte[] elf, long offset)
        {
            Check(path, elf, offset, 4);
            return (uint)(elf[offset] | (elf[offset + 1] << 8) | (elf[offset + 2] << 16) | (elf[offset + 3] << 24));
        }

        private static ulong U64(string path, byte[] elf, long offset)
        {
            return U32(path, elf, offset) | ((ulong)U32(path, elf, offset + 4) << 32);
        }

        private static string CString(string path, byte[] elf, long offset)
        {
            long end = offset;
            while (true)
            {
                Check(path, elf, end, 1);
                if (elf[end] == 0)
                {
                    break;
                }

                end++;
            }

            return Encoding.ASCII.GetString(elf, (int)offset, (int)(end - offset));
        }
    }

    /// <summary>Finds the host's libstdc++ the way the dynamic loader's default search would.</summary>
    public static class HostLibStdCxx
    {
        private static readonly string[] SearchDirectories =
        {
            "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
            "/lib64", "/usr/lib64", "/lib", "/usr/lib",
        };

        /// <summary>The path of libstdc++.so.6, or null when none is found.</summary>
        public static string Find()
        {
            foreach (string directory in SearchDirectories)
            {
                string candidate = Path.Combine(directory, "libstdc++.so.6");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            return null;
        }
    }
}

#if !ELF_VERSION_PATCHER_ONLY
namespace SparseVila.Build
{
    using Microsoft.Build.Framework;
    using Microsoft.Build.Utilities;

    /// <summary>
    /// Weakens <see cref="Version"/> in every libLibTorchSharp.so under <see cref="Directory"/> when the
    /// host's libstdc++ does not define it. Does nothing on other OSes or when the host has it.
    /// </summary>
    public sealed class WeakenTorchSharpLibStdCxxRequirement : Task
    {
        [Required]
        public string Directory { get; set; }

        [Required]
        public string Version { get; set; }

        public override bool Execute()
        {
            if (Environment.OSVersion.Platform != PlatformID.Unix || !System.IO.Directory.Exists(Directory))
            {
                return true;
            }

            string[] shims = System.IO.Directory.GetFiles(Directory, "libLibTorchSharp.so", SearchOption.AllDirectories);
            if (shims.Length == 0)
            {
                return true;
            }

            string libStdCxx = HostLibStdCxx.Find();
            if (libStdCxx == null)
            {
                Log.LogMessage(MessageImportance.High, "TorchSharp native fix: no libstdc++.so.6 found on this host; shim left as it is.");
                return true;
            }

            foreach (string defined in ElfVersionPatcher.ReadDefinitions(libStdCxx))
            {
                if (defined == Version)
                {
                    Log.LogMessage(MessageImportance.Low, "TorchSharp native fix: " + libStdCxx + " defines " + Version + "; nothing to do.");
                    return true;
                }
            }

            foreach (string shim in shims)
            {
                if (ElfVersionPatcher.WeakenRequirement(shim, Version))
                {
                    Log.LogMessage(MessageImportance.High, "TorchSharp native fix: marked " + Version + " weak in " + shim + " (host " + libStdCxx + " lacks it).");
                }
            }

            return true;
        }
    }
}
#endif
