# syntax=docker/dockerfile:1
# The Gateway (Gateway/): the HTTP API on port 8080. In a cluster it runs as a pure client
# (Gateway__Silo=None); left to its default it hosts a silo in its own process, as on one machine.
# Build from the repository root:  docker build -f infra/docker/Gateway.Dockerfile -t sparsevila/gateway .
#
# Both stages stand on the same distro: see Silo.Dockerfile on the TorchSharp native fix, which the
# Gateway's build runs too (it references the Silo project, so it carries the engine).
ARG DOTNET_TAG=10.0-noble

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_TAG} AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Build.targets Directory.Packages.props ./
COPY build/ build/
COPY Contracts/SparseVila.Contracts.csproj Contracts/
COPY Engine/SparseVila.Engine.csproj Engine/
COPY Grains/SparseVila.Grains.csproj Grains/
COPY Silo/SparseVila.Silo.csproj Silo/
COPY Gateway/SparseVila.Gateway.csproj Gateway/
RUN dotnet restore Gateway/SparseVila.Gateway.csproj -r linux-x64
COPY . .
RUN dotnet publish Gateway/SparseVila.Gateway.csproj -c Release -r linux-x64 --self-contained false --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_TAG} AS runtime
# ffmpeg/ffprobe: uploads are probed and frames cut with them. curl: docker-compose's health checks.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ffmpeg curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
# The scratch folder (uploads spooled, local video copies) when a volume is mounted on /scratch with
# Gateway__ScratchPath=/scratch: a new volume takes this folder's owner, the unprivileged user.
RUN mkdir /scratch && chown "$APP_UID" /scratch
USER $APP_UID
ENV Urls=http://+:8080
EXPOSE 8080
ENTRYPOINT ["dotnet", "SparseVila.Gateway.dll"]
