# syntax=docker/dockerfile:1
# The headless silo (Silo/): Orleans, the engine on gpu-role silos, /healthz and /readyz on port 8080.
# Build from the repository root:  docker build -f infra/docker/Silo.Dockerfile -t sparsevila/silo .
#
# Both stages stand on the same distro (Ubuntu 24.04, the .NET 10 images' default): the TorchSharp
# native fix (build/TorchSharpNativeFix.targets, docs/torchsharp-native-fix.md) decides at publish time,
# from the build host's libstdc++, whether libLibTorchSharp.so needs patching, so the publish must run on
# the libstdc++ the program will load. Change DOTNET_TAG for both stages or for neither.
ARG DOTNET_TAG=10.0-noble

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_TAG} AS build
WORKDIR /src
# Restore from the project files alone first, so that a source change does not restore again.
COPY global.json Directory.Build.props Directory.Build.targets Directory.Packages.props ./
COPY build/ build/
COPY Contracts/SparseVila.Contracts.csproj Contracts/
COPY Engine/SparseVila.Engine.csproj Engine/
COPY Grains/SparseVila.Grains.csproj Grains/
COPY Silo/SparseVila.Silo.csproj Silo/
# linux-x64: the only platform libtorch-cpu is served for; a runtime identifier also keeps the other
# platforms' native libraries (hundreds of MB each) out of the image.
RUN dotnet restore Silo/SparseVila.Silo.csproj -r linux-x64
COPY . .
RUN dotnet publish Silo/SparseVila.Silo.csproj -c Release -r linux-x64 --self-contained false --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_TAG} AS runtime
# ffmpeg/ffprobe: FFMpegCore decodes video frames with them. curl: docker-compose's health checks.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ffmpeg curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
# The base image's unprivileged user, by number, so that Kubernetes' runAsNonRoot can verify it.
USER $APP_UID
# Listen on every interface (appsettings.json says localhost:8081, which suits one machine only).
ENV Urls=http://+:8080
# HTTP (health), Orleans silo-to-silo, Orleans gateway (cluster clients).
EXPOSE 8080 11111 30000
ENTRYPOINT ["dotnet", "SparseVila.Silo.dll"]
