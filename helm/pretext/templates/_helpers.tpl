{{/* Chart name, truncated to the 63 characters Kubernetes allows in names. */}}
{{- define "pretext.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Release-qualified name; components append -api / -worker. */}}
{{- define "pretext.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "pretext.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "pretext.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Selector labels of one component: pass (dict "root" $ "component" "api"). */}}
{{- define "pretext.selectorLabels" -}}
app.kubernetes.io/name: {{ include "pretext.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "pretext.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{- define "pretext.workerImage" -}}
{{- $repository := default .Values.image.repository .Values.worker.image.repository }}
{{- $tag := default (default .Chart.AppVersion .Values.image.tag) .Values.worker.image.tag }}
{{- printf "%s:%s%s" $repository $tag .Values.worker.image.tagSuffix }}
{{- end }}

{{- define "pretext.secretName" -}}
{{- default (include "pretext.fullname" .) .Values.secrets.existingSecret }}
{{- end }}

{{- define "pretext.jdbcUrl" -}}
{{- if .Values.database.url }}
{{- .Values.database.url }}
{{- else }}
{{- printf "jdbc:postgresql://%s:%v/%s" .Values.database.host .Values.database.port .Values.database.name }}
{{- end }}
{{- end }}

{{/* PRETEXT_WORKER_DEVICES: worker.devices, else one slot per GPU ("0,1,..."), else "cpu". */}}
{{- define "pretext.workerDevices" -}}
{{- if .Values.worker.devices }}
{{- .Values.worker.devices }}
{{- else if gt (int .Values.worker.gpu.count) 0 }}
{{- $slots := list }}
{{- range $i := until (int .Values.worker.gpu.count) }}
{{- $slots = append $slots (toString $i) }}
{{- end }}
{{- join "," $slots }}
{{- else }}
{{- print "cpu" }}
{{- end }}
{{- end }}

{{/* Environment from the Secret, shared by API and worker containers. */}}
{{- define "pretext.secretEnv" -}}
{{- $secret := include "pretext.secretName" . -}}
{{- $keys := .Values.secrets.secretKeys -}}
- name: SPRING_DATASOURCE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ $keys.databasePassword }}
- name: PRETEXT_STORAGE_S3_ACCESSKEY
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ $keys.s3AccessKey }}
      optional: true
- name: PRETEXT_STORAGE_S3_SECRETKEY
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ $keys.s3SecretKey }}
      optional: true
- name: PRETEXT_BOOTSTRAP_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ $keys.bootstrapKey }}
      optional: true
{{- end }}

{{/* Liveness, readiness and startup probes on the actuator health groups. */}}
{{- define "pretext.probes" -}}
startupProbe:
  httpGet:
    path: /actuator/health/liveness
    port: http
  periodSeconds: 5
  failureThreshold: 60
livenessProbe:
  httpGet:
    path: /actuator/health/liveness
    port: http
  periodSeconds: 10
  timeoutSeconds: 5
  failureThreshold: 3
readinessProbe:
  httpGet:
    path: /actuator/health/readiness
    port: http
  periodSeconds: 10
  timeoutSeconds: 5
  failureThreshold: 3
{{- end }}
