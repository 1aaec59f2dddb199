        volumeMounts:
          {{- if .Values.persistence.enabled }}
          - name: "{{ template "logstash.fullname" . }}"
            mountPath: /usr/share/logstash/data
          {{- end }}
          {{- range .Values.secretMounts }}
          - name: {{ .name }}
            mountPath: {{ .path }}
            {{- if .subPath }}
            subPath: {{ .subPath }}
            {{- end }}
          {{- end }}
          {{- range $path, $config := .Values.logstashConfig }}
          - name: logstashconfig
            mountPath: /usr/share/logstash/config/{{ $path }}
            subPath: {{ $path }}
          {{- end -}}
          {{- range $path, $config := .Values.logstashPipeline }}
          - name: logstashpipeline
            mountPath: /usr/share/logstash/pipeline/{{ $path }}
            subPath: {{ $path }}
          {{- end -}}
